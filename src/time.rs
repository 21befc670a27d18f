//! Times and dates: RFC 3339 instants and date-only `YYYY-MM-DD` values, read the way
//! rules.md's "Precise readings" settle them.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Parses an RFC 3339 time, with a hint for the forms people paste by mistake.
pub fn parse_rfc3339(s: &str) -> Result<DateTime<Utc>, String> {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(_) => {
            let hint = if looks_like_meta_offset(s) {
                " (Meta's `+0000` offset form is not RFC 3339: write `+00:00` or `Z`, or check the Graph API capture itself, which is converted)"
            } else if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                " (a date alone is not enough here: add a time such as `T00:00:00Z`)"
            } else {
                ""
            };
            Err(format!(
                "`{s}` is not an RFC 3339 time such as `2026-11-01T09:30:00Z`{hint}"
            ))
        }
    }
}

fn looks_like_meta_offset(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() > 5
        && matches!(bytes[bytes.len() - 5], b'+' | b'-')
        && bytes[bytes.len() - 4..].iter().all(u8::is_ascii_digit)
}

/// A value that is either a date (`2027-01-31`) or an RFC 3339 time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrTime {
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

impl DateOrTime {
    pub fn parse(s: &str) -> Result<DateOrTime, String> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            if s.len() == 10 {
                return Ok(DateOrTime::Date(d));
            }
        }
        DateTime::parse_from_rfc3339(s)
            .map(|t| DateOrTime::Time(t.with_timezone(&Utc)))
            .map_err(|_| {
                format!("`{s}` is neither a date such as `2027-01-31` nor an RFC 3339 time")
            })
    }

    /// The instant the value starts: a date's 00:00Z.
    pub fn start(self) -> DateTime<Utc> {
        match self {
            DateOrTime::Date(d) => d.and_time(chrono::NaiveTime::MIN).and_utc(),
            DateOrTime::Time(t) => t,
        }
    }

    /// The first instant after the value: a date covers its whole day (UTC), so it ends at the
    /// next day's 00:00Z.
    pub fn end(self) -> DateTime<Utc> {
        match self {
            DateOrTime::Date(_) => self.start() + TimeDelta::days(1),
            DateOrTime::Time(t) => t,
        }
    }

    /// "Before now": true from the end of the value on.
    pub fn ended_by(self, now: DateTime<Utc>) -> bool {
        self.end() <= now
    }
}

/// Formats an instant as RFC 3339 with a `Z` offset and whole seconds when possible.
pub fn format_rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_accepts_offsets_and_rejects_meta_form() {
        assert!(parse_rfc3339("2026-11-01T09:30:00Z").is_ok());
        assert!(parse_rfc3339("2026-11-01T10:30:00+01:00").is_ok());
        let err = parse_rfc3339("2024-02-01T10:00:00+0000").unwrap_err();
        assert!(err.contains("`+0000`"), "{err}");
        let err = parse_rfc3339("2026-11-01").unwrap_err();
        assert!(err.contains("a date alone"), "{err}");
        assert!(parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn date_covers_the_whole_day() {
        let d = DateOrTime::parse("2027-01-01").unwrap();
        let t = |s: &str| parse_rfc3339(s).unwrap();
        assert!(!d.ended_by(t("2027-01-01T23:59:59Z")));
        assert!(d.ended_by(t("2027-01-02T00:00:00Z")));
        assert_eq!(d.start(), t("2027-01-01T00:00:00Z"));
        let i = DateOrTime::parse("2027-01-01T12:00:00Z").unwrap();
        assert!(!i.ended_by(t("2027-01-01T11:59:59Z")));
        assert!(i.ended_by(t("2027-01-01T12:00:00Z")));
        assert!(DateOrTime::parse("2027-13-01").is_err());
        assert!(DateOrTime::parse("01/02/2027").is_err());
    }
}
