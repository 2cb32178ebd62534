//! Validated identifiers: slugs of lowercase ASCII letters, digits and `-`.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::InvalidValue;

/// Checks that `s` is a slug: non-empty, lowercase ASCII letters, digits and `-`, not starting
/// or ending with `-`.
fn check_slug(what: &'static str, s: &str) -> Result<(), InvalidValue> {
    let ok = !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(InvalidValue::new(
            what,
            s,
            "use lowercase ASCII letters, digits and `-`, e.g. `united-states`",
        ))
    }
}

// The text is shared: a relation's `from`, `to` and evidence `source` are clones of the ids
// in the actor and source tables, so cloning an id is a reference count, not an allocation
// (a million relations loaded ~3 million fewer strings; docs/performance.md). `Arc`, not
// `Rc`, so that `Graph` stays `Send + Sync`. Equality, order and hashing are the text's.
//
// Deserializing takes the text as `&str` where the format lends it and copies it once,
// straight into the `Arc`: through a `String` (`#[serde(try_from = "String")]`) every id
// cost two allocations, four million more loading a million relations. It accepts what
// `String` accepts, with the same errors.
macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(into = "String")]
        pub struct $name(Arc<str>);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_string(SlugVisitor::<$name>(std::marker::PhantomData))?
                    .map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// Checks `id` and wraps it.
            ///
            /// # Errors
            /// When `id` is not a slug (lowercase ASCII letters, digits and `-`).
            pub fn new(id: impl Into<String>) -> Result<Self, InvalidValue> {
                id.into().parse()
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Checks `id` as [`new`](Self::new) does, without making the id.
            ///
            /// # Errors
            /// When `id` is not a slug (lowercase ASCII letters, digits and `-`).
            pub fn check(id: &str) -> Result<(), InvalidValue> {
                check_slug($what, id)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(id: String) -> Result<Self, Self::Error> {
                Self::new(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                String::from(&*id.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            /// Checks `s` and copies it once, straight into the shared text.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                check_slug($what, s)?;
                Ok(Self(Arc::from(s)))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

/// Deserializes an id from text, as `String` would, and checks it.
///
/// A bad id is the visitor's value, not its error: the error is made once the deserializer
/// has returned, as `try_from` made it, so that it is located at the same place (serde_json
/// locates an error from inside a visitor at the string, and from outside at the end of the
/// enclosing object).
struct SlugVisitor<T>(std::marker::PhantomData<T>);

impl<T: FromStr<Err = InvalidValue>> serde::de::Visitor<'_> for SlugVisitor<T> {
    type Value = Result<T, InvalidValue>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(text.parse())
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(bytes), &self)),
        }
    }
}

slug_id!(
    /// The id of an actor, e.g. `turkey` or `ibrahim-kalin`.
    ///
    /// ```
    /// use dipgraph::ActorId;
    /// let id = ActorId::new("s-400")?;
    /// assert_eq!(id.as_str(), "s-400");
    /// assert!(ActorId::new("S 400").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ActorId,
    "actor id"
);
slug_id!(
    /// The id of a relation, unique across the dataset.
    RelationId,
    "relation id"
);
slug_id!(
    /// The id of a source (an article, a report, an event file).
    SourceId,
    "source id"
);

/// An ISO 3166-1 alpha-3 country code such as `TUR` or `USA`.
///
/// ```
/// use dipgraph::CountryCode;
/// assert_eq!(CountryCode::new("TUR")?.as_str(), "TUR");
/// assert!(CountryCode::new("tr").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    /// Checks `code` (three uppercase ASCII letters) and wraps it.
    ///
    /// # Errors
    /// When `code` is not three uppercase ASCII letters.
    pub fn new(code: impl Into<String>) -> Result<Self, InvalidValue> {
        let code = code.into();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(InvalidValue::new(
                "country code",
                &code,
                "use an ISO 3166-1 alpha-3 code such as `TUR` or `USA`",
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = InvalidValue;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::new(code)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, ok: bool) {
        assert_eq!(ActorId::new(input).is_ok(), ok, "{input:?}");
    }

    #[test]
    fn slugs() {
        check("turkey", true);
        check("s-400", true);
        check("f-35-programme", true);
        check("", false);
        check("-pkk", false);
        check("pkk-", false);
        check("Turkey", false);
        check("türkiye", false);
        check("a b", false);
        check("a_b", false);
    }

    /// An id read the way ids were read before [`SlugVisitor`], through a `String`.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(try_from = "String")]
    struct ThroughString(ActorId);

    impl TryFrom<String> for ThroughString {
        type Error = InvalidValue;
        fn try_from(id: String) -> Result<Self, Self::Error> {
            ActorId::new(id).map(Self)
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Old {
        id: ThroughString,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct New {
        id: ActorId,
    }

    #[test]
    fn ids_deserialize_as_through_a_string() {
        for value in [r#""a-b""#, r#""Bad""#, r#""a\u0062""#, "1", "[]", "null"] {
            let json = format!("{{\n \"id\": {value} }}");
            let old = serde_json::from_str::<Old>(&json).map_err(|e| e.to_string());
            let new = serde_json::from_str::<New>(&json).map_err(|e| e.to_string());
            assert_eq!(old.map(|o| o.id.0), new.map(|n| n.id), "{json}");
            let ron = format!("(\n id: {value} )");
            let old = ron::from_str::<Old>(&ron).map_err(|e| e.to_string());
            let new = ron::from_str::<New>(&ron).map_err(|e| e.to_string());
            assert_eq!(old.map(|o| o.id.0), new.map(|n| n.id), "{ron}");
        }
        let old = ron::from_str::<Old>(r#"(id: b"a-b")"#).map_err(|e| e.to_string());
        let new = ron::from_str::<New>(r#"(id: b"a-b")"#).map_err(|e| e.to_string());
        assert_eq!(old.map(|o| o.id.0), new.map(|n| n.id));
    }

    #[test]
    fn country_codes() {
        assert!(CountryCode::new("USA").is_ok());
        assert!(CountryCode::new("US").is_err());
        assert!(CountryCode::new("usa").is_err());
        assert!(CountryCode::new("ÜSA").is_err());
    }
}
