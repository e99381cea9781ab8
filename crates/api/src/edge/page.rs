//! Paging parameters: `offset` and `limit`, refused rather than clamped.

use crate::bodies::query::PageQuery;
use crate::limits::{DEFAULT_PAGE_LIMIT, MAX_OFFSET, MAX_PAGE_LIMIT};
use crate::problem::ApiError;
use crate::problem::FieldProblem;
use panda_domain::{InvalidInput, Page, PageRequest};

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

/// The page `query` asks for, or a 422 naming each bad parameter.
pub fn page_of(query: &PageQuery) -> Result<PageRequest, ApiError> {
    let mut input = InvalidInput::default();
    let page = parse_page(&mut input, query.offset.as_deref(), query.limit.as_deref());
    super::finish(input, Some(page))
}

/// The slice of `all` that `page` asks for, with the total: for the short
/// lists a store returns whole (a patient's appointments, a practitioner's
/// roles, an appointment's history), paged like every other list.
pub fn slice<T>(all: Vec<T>, page: PageRequest) -> Page<T> {
    let total = all.len() as u64;
    let skip = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let items = all
        .into_iter()
        .skip(skip)
        .take(page.limit as usize)
        .collect();
    Page { items, total }
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
