//! Picking a report's format from `Accept` when the query names none.

use crate::bodies::report::ReportFormat;

/// The format an `Accept` header prefers: the supported media range with
/// the highest quality, the first listed on a tie. JSON when the header is
/// absent, names nothing PANDA produces or cannot be read: a report is
/// better than a 406 for a client that sent a sloppy header.
pub fn negotiate(accept: Option<&str>) -> ReportFormat {
    let mut best: Option<(ReportFormat, f32)> = None;
    for range in accept.unwrap_or_default().split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .filter(|q| (0.0..=1.0).contains(q) && *q > 0.0);
        let format = match media.as_str() {
            "application/json" | "application/*" | "*/*" => ReportFormat::Json,
            "text/csv" | "text/*" => ReportFormat::Csv,
            "image/svg+xml" | "image/*" => ReportFormat::Svg,
            _ => continue,
        };
        if let Some(quality) = quality
            && best.is_none_or(|(_, q)| quality > q)
        {
            best = Some((format, quality));
        }
    }
    best.map_or(ReportFormat::Json, |(format, _)| format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportFormat::*;

    #[test]
    fn the_most_preferred_supported_type_wins() {
        assert_eq!(negotiate(Some("text/csv")), Csv);
        assert_eq!(negotiate(Some("image/svg+xml")), Svg);
        assert_eq!(negotiate(Some("text/csv;q=0.5, application/json")), Json);
        assert_eq!(
            negotiate(Some("application/json;q=0.2, text/csv;q=0.9")),
            Csv
        );
        assert_eq!(negotiate(Some("text/html, text/csv")), Csv);
    }

    #[test]
    fn anything_else_gets_json() {
        assert_eq!(negotiate(None), Json);
        assert_eq!(negotiate(Some("*/*")), Json);
        assert_eq!(negotiate(Some("text/html")), Json);
        assert_eq!(negotiate(Some("text/csv;q=0")), Json);
        assert_eq!(negotiate(Some(";;;,")), Json);
    }
}
