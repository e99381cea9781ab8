//! Paging parameters: `offset` and `limit`, refused rather than clamped.

use crate::limits::{DEFAULT_PAGE_LIMIT, MAX_OFFSET, MAX_PAGE_LIMIT};
use crate::problem::FieldProblem;
use panda_domain::{InvalidInput, PageRequest};

/// The page asked for; refusals are recorded in `input`.
pub fn parse_page(
    input: &mut InvalidInput,
    offset: Option<&str>,
    limit: Option<&str>,
) -> PageRequest {
    let offset = offset.map_or(Some(0), |text| input.check("offset", parse_offset(text)));
    let limit = limit.map_or(Some(DEFAULT_PAGE_LIMIT), |text| {
        input.check("limit", parse_limit(text))
    });
    PageRequest::new(
        offset.unwrap_or_default(),
        limit.unwrap_or(DEFAULT_PAGE_LIMIT),
    )
}

fn digits(text: &str) -> Result<&str, FieldProblem> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::NotANumber);
    }
    Ok(text)
}

fn parse_offset(text: &str) -> Result<u64, FieldProblem> {
    digits(text)?
        .parse()
        .ok()
        .filter(|n| *n <= MAX_OFFSET)
        .ok_or(FieldProblem::NotANumber)
}

fn parse_limit(text: &str) -> Result<u32, FieldProblem> {
    let out_of_range = FieldProblem::PageLimitRange {
        max: MAX_PAGE_LIMIT,
    };
    // Digits that overflow are a (very) large number: out of range.
    let n: u32 = digits(text)?.parse().map_err(|_| out_of_range.clone())?;
    if (1..=MAX_PAGE_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(out_of_range)
    }
}
