//! Dates in articles: the article's own date (a dateline or a date line near the top) and
//! the dates of the events it reports ("on Friday", "in 2019", "yesterday"), resolved
//! against it.

use super::text::{Sentence, Token, TokenKind};
use crate::model::Date;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a folded word is the name of a month or a day of the week.
pub(crate) fn is_calendar_word(word: &str) -> bool {
    MONTHS.contains(&word) || WEEKDAYS.contains(&word)
}

/// The month (1–12) a word names, in full or abbreviated (`Mar`, `Sept`).
fn month(word: &str) -> Option<u8> {
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" { "sep" } else { word };
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn number(token: &Token) -> Option<u32> {
    (token.kind == TokenKind::Word && token.folded.len() <= 4)
        .then(|| token.folded.parse().ok())
        .flatten()
}

fn year(token: &Token) -> Option<i32> {
    number(token)
        .filter(|n| (1900..=2100).contains(n))
        .and_then(|n| i32::try_from(n).ok())
}

/// The first full date among `tokens`: `Mar 08 2021`, `8 March 2021`, `March 8, 2021`,
/// `2021-03-08`.
pub(crate) fn first_full_date(tokens: &[Token]) -> Option<Date> {
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = iso(&word.folded) {
            return Some(date);
        }
        let Some(m) = month(&word.folded) else {
            continue;
        };
        let after = |k: usize| words.get(i + k).copied();
        // Month day year, or month day, year.
        if let (Some(day), Some(y)) = (after(1).and_then(number), after(2).and_then(year)) {
            if let Ok(date) = Date::ymd(y, m, u8::try_from(day).unwrap_or(0)) {
                return Some(date);
            }
        }
        // Day month year.
        let day = i
            .checked_sub(1)
            .and_then(|k| words.get(k))
            .and_then(|t| number(t));
        if let (Some(day), Some(y)) = (day, after(1).and_then(year)) {
            if let Ok(date) = Date::ymd(y, m, u8::try_from(day).unwrap_or(0)) {
                return Some(date);
            }
        }
    }
    None
}

/// An ISO date, one word to the tokenizer, which folding turns into `20210308`.
fn iso(folded: &str) -> Option<Date> {
    if folded.len() != 8 || !folded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = folded[..4].parse().ok()?;
    let m: u8 = folded[4..6].parse().ok()?;
    let d: u8 = folded[6..].parse().ok()?;
    Date::ymd(y, m, d).ok()
}

/// The article's date: the first full date in its first sentences, else a dateline's month
/// and day in the current year (the last year, if that day is still to come).
pub(crate) fn published(sentences: &[Sentence]) -> Option<Date> {
    let head: Vec<Token> = sentences
        .iter()
        .take(4)
        .flat_map(|s| s.tokens.iter().take(60).cloned())
        .collect();
    if let Some(date) = first_full_date(&head) {
        return Some(date);
    }
    let today = today()?;
    let date = dateline(&head, today.year())?;
    if date.first_day() > today.first_day() {
        dateline(&head, today.year() - 1)
    } else {
        Some(date)
    }
}

/// A dateline's month and day (`ANKARA, March 8 (Reuters) -`) in the article's first
/// tokens, completed with `year`.
pub(crate) fn dateline(tokens: &[Token], year: i32) -> Option<Date> {
    let words: Vec<&Token> = tokens
        .iter()
        .take(12)
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    words.windows(2).find_map(|pair| {
        let m = month(&pair[0].folded)?;
        let day = u8::try_from(number(pair[1])?).ok()?;
        Date::ymd(year, m, day).ok()
    })
}

/// The date a clause gives its event, relative to the article's `published` date:
/// `on Friday` (the last Friday up to that day), `yesterday`, `in 2019`, `in March 2020`.
pub(crate) fn event_date(tokens: &[Token], published: Date) -> Option<Date> {
    for (i, token) in tokens.iter().enumerate() {
        let word = token.folded.as_str();
        if let Some(weekday) = WEEKDAYS.iter().position(|d| *d == word) {
            return weekday_before(published, weekday);
        }
        match word {
            "yesterday" => return shift(published, -1),
            "today" => return Some(published),
            "in" | "since" => {
                let next = tokens.get(i + 1);
                if let Some(y) = next.and_then(year) {
                    return Date::year_only(y).ok();
                }
                let m = next.and_then(|t| month(&t.folded));
                let y = tokens.get(i + 2).and_then(year);
                if let (Some(m), Some(y)) = (m, y) {
                    return Date::ym(y, m).ok();
                }
            }
            _ => {}
        }
    }
    None
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
fn civil(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()
}

fn shift(date: Date, by: i64) -> Option<Date> {
    let (y, m, d) = (date.year(), date.month()?, date.day()?);
    civil(days(y, m, d) + by)
}

/// The last `weekday` (0 = Monday) on or before `date`; `None` for a partial date.
fn weekday_before(date: Date, weekday: usize) -> Option<Date> {
    let (y, m, d) = (date.year(), date.month()?, date.day()?);
    let n = days(y, m, d);
    // 1970-01-01 was a Thursday (3).
    let today = (n + 3).rem_euclid(7);
    let back = (today - i64::try_from(weekday).ok()?).rem_euclid(7);
    civil(n - back)
}

/// Today's date by the system clock (UTC), for articles that give none.
pub(crate) fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    civil(i64::try_from(secs / 86_400).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn article_dates() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(
                first_full_date(&tokenize(text)),
                expected.map(date),
                "{text:?}"
            );
        };
        check("• Mar 08 2021 11:13 Gmt+3", Some("2021-03-08"));
        check("Published 8 March 2021", Some("2021-03-08"));
        check("March 8, 2021", Some("2021-03-08"));
        check("2021-03-08", Some("2021-03-08"));
        check("in March", None);
        assert_eq!(
            dateline(&tokenize("ANKARA, March 8 (Reuters) - Turkey said"), 2021),
            Some(date("2021-03-08"))
        );
    }

    #[test]
    fn relative_dates() {
        let monday = date("2021-03-08");
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(
                event_date(&tokenize(text), monday),
                expected.map(date),
                "{text:?}"
            );
        };
        check("told reporters on Friday", Some("2021-03-05"));
        check("published on Monday", Some("2021-03-08"));
        check("on Sunday", Some("2021-03-07"));
        check("yesterday", Some("2021-03-07"));
        check("purchased in 2019", Some("2019"));
        check("in March 2020", Some("2020-03"));
        check("no date here", None);
        assert_eq!(shift(date("2021-03-01"), -1), Some(date("2021-02-28")));
        assert!(today().is_some());
    }
}
