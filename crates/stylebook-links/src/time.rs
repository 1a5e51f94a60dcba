//! Times as the crate writes and reads them: RFC 3339 in UTC for the cache, HTTP dates and
//! delays in `Retry-After`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `2026-11-30T10:25:23Z`: whole seconds, UTC (times before 1970 are written as 1970).
pub(crate) fn format_rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(i64::MAX as u64 / 2) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Reads what [`format_rfc3339`] writes (and fractional seconds, which are dropped).
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut date = date.split('-');
    let y: i64 = number(date.next()?, 4)?;
    let m: u32 = number(date.next()?, 2)?;
    let d: u32 = number(date.next()?, 2)?;
    let time = time.split_once('.').map_or(time, |(whole, _)| whole);
    let mut time = time.split(':');
    let (h, min, s): (i64, i64, i64) = (
        number(time.next()?, 2)?,
        number(time.next()?, 2)?,
        number(time.next()?, 2)?,
    );
    if date.next().is_some() || time.next().is_some() {
        return None;
    }
    at(y, m, d, h, min, s)
}

/// An IMF-fixdate, the HTTP date format senders must use: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_ascii_whitespace().collect();
    let [day_name, d, month, y, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    if !day_name.ends_with(',') {
        return None;
    }
    let m = MONTHS.iter().position(|name| name == month)? as u32 + 1;
    let mut hms = time.split(':');
    let (h, min, s) = (
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
    );
    if hms.next().is_some() {
        return None;
    }
    at(number(y, 4)?, m, number(d, 2)?, h, min, s)
}

/// A `Retry-After` value: a number of seconds or an HTTP date (then the time left until it,
/// seen from `now`; a date in the past means no wait).
pub(crate) fn parse_retry_after(text: &str, now: SystemTime) -> Option<Duration> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let when = parse_http_date(text)?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A decimal number of exactly `digits` digits.
fn number<T: std::str::FromStr>(text: &str, digits: usize) -> Option<T> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The time of a UTC date and time, when it exists and is not before 1970.
fn at(y: i64, m: u32, d: u32, h: i64, min: i64, s: i64) -> Option<SystemTime> {
    let valid = (1..=12).contains(&m)
        && d >= 1
        && d <= days_in_month(y, m)
        && (0..24).contains(&h)
        && (0..60).contains(&min)
        && (0..=60).contains(&s);
    if !valid {
        return None;
    }
    let secs = days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60 + s;
    u64::try_from(secs)
        .ok()
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a number of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
    fn http_dates_and_retry_after() {
        let date = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(date, Some(UNIX_EPOCH + Duration::from_secs(784_111_777)));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
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
