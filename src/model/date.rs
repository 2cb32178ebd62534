//! Calendar dates that may be partial (`2019`, `2019-07`, `2019-07-12`), as news gives them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::InvalidValue;

/// A date at day, month or year precision.
///
/// A partial date stands for the whole period it names: `2019` is 1 January to 31 December
/// 2019. Ordering compares the first day, then the precision (coarser first).
///
/// ```
/// use dipgraph::Date;
/// let d: Date = "2019-07".parse()?;
/// assert_eq!(d.first_day(), (2019, 7, 1));
/// assert_eq!(d.last_day(), (2019, 7, 31));
/// assert!("2021-02-29".parse::<Date>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Days in `month` of `year` in the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A number that orders dates as they order (years 1–9999 fit), above 0: sorting by it
    /// skips comparing optional fields.
    pub(crate) fn rank(self) -> u32 {
        let year = u32::try_from(self.year).unwrap_or(0);
        let month = self.month.map_or(0, |m| u32::from(m) + 1);
        let day = self.day.map_or(0, |d| u32::from(d) + 1);
        (year << 10) | (month << 6) | day
    }

    /// A date at day precision.
    ///
    /// # Errors
    /// When the day does not exist (e.g. 2021-02-29) or the year is outside 1–9999.
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Self, InvalidValue> {
        let date = Self {
            year,
            month: Some(month),
            day: Some(day),
        };
        date.validate()
    }

    /// A date at month precision.
    ///
    /// # Errors
    /// When the month is not 1–12 or the year is outside 1–9999.
    pub fn ym(year: i32, month: u8) -> Result<Self, InvalidValue> {
        Self {
            year,
            month: Some(month),
            day: None,
        }
        .validate()
    }

    /// A date at year precision.
    ///
    /// # Errors
    /// When the year is outside 1–9999.
    pub fn year_only(year: i32) -> Result<Self, InvalidValue> {
        Self {
            year,
            month: None,
            day: None,
        }
        .validate()
    }

    fn validate(self) -> Result<Self, InvalidValue> {
        let invalid = |why: &str| Err(InvalidValue::new("date", &self.to_string(), why));
        if !(1..=9999).contains(&self.year) {
            return invalid("the year must be between 1 and 9999");
        }
        if let Some(month) = self.month {
            if !(1..=12).contains(&month) {
                return invalid("the month must be between 01 and 12");
            }
            if let Some(day) = self.day {
                if day == 0 || day > days_in_month(self.year, month) {
                    return invalid("that day does not exist");
                }
            }
        }
        Ok(self)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first day of the period this date names, as `(year, month, day)`.
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period this date names, as `(year, month, day)`.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }
}

impl FromStr for Date {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidValue::new("date", s, "write YYYY-MM-DD, YYYY-MM or YYYY");
        let mut parts = s.split('-');
        let mut field = |len: usize| -> Result<Option<u32>, InvalidValue> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let year = field(4)?.ok_or_else(bad)?;
        let month = field(2)?;
        let day = field(2)?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return Err(bad());
        }
        // The digits were length-checked, so these casts cannot truncate.
        Self {
            year: year as i32,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        }
        .validate()
        .map_err(|e| InvalidValue::new("date", s, e.reason()))
    }
}

impl TryFrom<String> for Date {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Whether two periods, each given by optional start and end dates, share at least one day.
/// A missing bound is open.
pub(crate) fn overlaps(a: (Option<Date>, Option<Date>), b: (Option<Date>, Option<Date>)) -> bool {
    let starts_before_end = |start: Option<Date>, end: Option<Date>| match (start, end) {
        (Some(s), Some(e)) => s.first_day() <= e.last_day(),
        _ => true,
    };
    starts_before_end(a.0, b.1) && starts_before_end(b.0, a.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = input.parse::<Date>().ok().map(|d| d.to_string());
        assert_eq!(got.as_deref(), expected, "{input:?}");
    }

    #[test]
    fn ranks_order_as_dates_do() {
        let dates: Vec<Date> = [
            "0001",
            "0999",
            "2020",
            "2020-01",
            "2020-01-01",
            "2020-01-31",
            "2020-02",
            "2020-12",
            "2020-12-31",
            "2021",
            "9999-12-31",
        ]
        .iter()
        .map(|d| d.parse().unwrap())
        .collect();
        for x in &dates {
            assert!(x.rank() > 0);
            for y in &dates {
                assert_eq!(x.rank().cmp(&y.rank()), x.cmp(y), "{x} {y}");
            }
        }
    }

    #[test]
    fn parsing() {
        check("2021-03-08", Some("2021-03-08"));
        check("2019", Some("2019"));
        check("2019-07", Some("2019-07"));
        check("2020-02-29", Some("2020-02-29"));
        check("2000-02-29", Some("2000-02-29"));
        check("1900-02-29", None);
        check("2021-02-29", None);
        check("2021-04-31", None);
        check("2021-13", None);
        check("2021-00", None);
        check("2021-01-00", None);
        check("0000", None);
        check("21-03-08", None);
        check("2021-3-8", None);
        check("2021-03-08-01", None);
        check("2021--08", None);
        check("", None);
        check("+202", None);
        check("２０２１", None);
    }

    #[test]
    fn periods() {
        let d = |s: &str| s.parse::<Date>().ok();
        assert!(overlaps(
            (d("2019"), d("2019")),
            (d("2019-07-12"), d("2019-07-12"))
        ));
        assert!(!overlaps((d("2019"), d("2019")), (d("2020-01-01"), None)));
        assert!(overlaps((None, None), (d("2020"), d("2020"))));
        assert!(overlaps((d("2018"), None), (None, d("2018-01"))));
        assert!(!overlaps((d("2018-02"), None), (None, d("2018-01"))));
    }
}
