//! Times as the crate writes and reads them: RFC 3339 in UTC for the cache (`humantime`), HTTP
//! dates and delays in `Retry-After` (`httpdate`, which reads the three forms RFC 9110 asks a
//! recipient to accept).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `2026-11-30T10:25:23Z`: whole seconds, UTC (times before 1970 are written as 1970).
pub(crate) fn format_rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time.max(UNIX_EPOCH)).to_string()
}

/// Reads what [`format_rfc3339`] writes (and fractional seconds, which are dropped).
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let time = humantime::parse_rfc3339(text).ok()?;
    let secs = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// A `Retry-After` value: a number of seconds or an HTTP date (then the time left until it,
/// seen from `now`; a date in the past means no wait).
pub(crate) fn parse_retry_after(text: &str, now: SystemTime) -> Option<Duration> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        for secs in [0, 951_782_400, 1_764_498_323, 4_107_542_399] {
            let time = UNIX_EPOCH + Duration::from_secs(secs);
            let text = format_rfc3339(time);
            assert_eq!(parse_rfc3339(&text), Some(time), "{text}");
        }
        assert_eq!(
            format_rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            format_rfc3339(UNIX_EPOCH + Duration::from_millis(1_500)),
            "1970-01-01T00:00:01Z"
        );
        assert_eq!(
            parse_rfc3339("2026-11-30T10:25:23.250Z"),
            parse_rfc3339("2026-11-30T10:25:23Z")
        );
        for bad in [
            "",
            "2026-11-30",
            "2026-02-30T00:00:00Z",
            "2026-11-30T24:00:00Z",
            "2026-11-30T10:25:23+01:00",
            "1969-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_takes_seconds_or_any_http_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        // IMF-fixdate, the obsolete RFC 850 form and asctime's: the same moment.
        for date in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(7)),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
