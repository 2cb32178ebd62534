//! The closed vocabularies: kinds of actors, kinds of relations, and their classes.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use strum::{EnumCount, EnumIter, IntoEnumIterator, IntoStaticStr};

use super::InvalidValue;

/// Implements `Display`, `FromStr` (with an error listing the valid names) and `ALL` for a
/// unit enum whose snake_case names come from strum.
macro_rules! vocabulary {
    ($name:ident, $what:literal) => {
        impl $name {
            /// Every variant, in declaration order.
            pub fn all() -> impl Iterator<Item = Self> {
                <Self as IntoEnumIterator>::iter()
            }

            /// The snake_case name used in files and on the command line.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $name {
            /// The error for a name that is none of the variants: every valid name, and the
            /// closest first when one is close.
            fn unknown(s: &str) -> InvalidValue {
                let valid: Vec<&str> = Self::all().map(Self::as_str).collect();
                InvalidValue::new($what, s, &$crate::model::unknown_reason(s, &valid))
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                Self::all()
                    .find(|k| k.as_str() == wanted)
                    .ok_or_else(|| Self::unknown(s))
            }
        }

        // Files spell kinds exactly (snake_case); a misspelt one gets the same error as on
        // the command line, naming the closest kind, not serde's list cut short.
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct Names;
                impl ::serde::de::Visitor<'_> for Names {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "{}", $what)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        $name::all()
                            .find(|k| k.as_str() == s)
                            .ok_or_else(|| E::custom($name::unknown(s)))
                    }
                }
                // An identifier: a bare word in RON (`kind: demand`), a string in JSON.
                deserializer.deserialize_identifier(Names)
            }
        }
    };
}

/// Why a name is none of `valid`: the closest (when one is close) and the whole list.
pub(crate) fn unknown_reason(name: &str, valid: &[&str]) -> String {
    let wanted = name.trim().to_ascii_lowercase();
    let closest = valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(&wanted, v), *v))
        .filter(|(distance, v)| *distance <= 2.max(v.len() / 4))
        .min();
    let list = format!("expected one of: {}", valid.join(", "));
    match closest {
        Some((_, v)) => format!("did you mean `{v}`? {list}"),
        None => list,
    }
}
pub(crate) use vocabulary;

/// What sort of actor a node is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, EnumIter, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ActorKind {
    /// A sovereign state: Turkey, the United States, Russia.
    State,
    /// An intergovernmental organisation or alliance: NATO, the EU.
    InternationalOrganization,
    /// A part of a government: the Pentagon, the State Department, the White House.
    GovernmentBody,
    /// A named person.
    Person,
    /// A non-state armed group: the PKK, Kurdish fighters in Syria.
    ArmedGroup,
    /// A weapon system: the S-400, the F-35, the Patriot.
    WeaponSystem,
    /// A programme or project: the F-35 programme.
    Programme,
    /// A news outlet or agency: Ahval, Bloomberg.
    Media,
    /// A party, movement or opposition group.
    PoliticalGroup,
    /// An ethnic or religious group: the Kurds, Sunni Muslims.
    Community,
    /// Anything else.
    Other,
}
vocabulary!(ActorKind, "actor kind");

/// The broad class of a relation, used for filters and signs.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, EnumIter, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Class {
    /// Verbal or material cooperation.
    Cooperation,
    /// Verbal or material conflict.
    Conflict,
    /// A standing relation: membership, roles, possession, alliance, tension.
    Structural,
}
vocabulary!(Class, "relation class");

/// CAMEO's quad class of an event, extended with `structural` for standing relations.
#[derive(
    Clone,
    Copy,
    Debug,
    EnumCount,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum QuadClass {
    /// CAMEO quad class 1 (roots 01–05).
    VerbalCooperation,
    /// CAMEO quad class 2 (roots 06–09).
    MaterialCooperation,
    /// CAMEO quad class 3 (roots 10–14).
    VerbalConflict,
    /// CAMEO quad class 4 (roots 15–20).
    MaterialConflict,
    /// A standing relation, outside CAMEO's event classes.
    Structural,
}
vocabulary!(QuadClass, "quad class");

impl QuadClass {
    /// The broad class: cooperation, conflict or structural.
    pub fn class(self) -> Class {
        match self {
            Self::VerbalCooperation | Self::MaterialCooperation => Class::Cooperation,
            Self::VerbalConflict | Self::MaterialConflict => Class::Conflict,
            Self::Structural => Class::Structural,
        }
    }

    /// CAMEO's number for the class (1–4), `None` for structural.
    pub fn cameo_number(self) -> Option<u8> {
        match self {
            Self::VerbalCooperation => Some(1),
            Self::MaterialCooperation => Some(2),
            Self::VerbalConflict => Some(3),
            Self::MaterialConflict => Some(4),
            Self::Structural => None,
        }
    }
}

/// What one actor states or does to another. Events happen on a date; standing relations
/// hold over a period (`since`/`until`). `docs/relations.md` gives the full table.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, EnumIter, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RelationKind {
    /// Makes a public statement with no clear direction (CAMEO 01).
    Comment,
    /// Appeals to or requests something of the target, without pressure (CAMEO 02).
    Appeal,
    /// Pledges or expresses intent to do something for the target (CAMEO 03).
    Promise,
    /// Offers the target something: arms, a deal, aid (CAMEO 033).
    Offer,
    /// Meets, calls or negotiates with the target (CAMEO 04).
    Consult,
    /// Praises or endorses the target (CAMEO 051).
    Endorse,
    /// Cooperates materially with the target (CAMEO 06).
    Cooperate,
    /// Buys from or sells to the target; `from` is the buyer (CAMEO 061).
    Trade,
    /// Gives material, military or political support (CAMEO 07).
    Aid,
    /// Yields, concedes or eases pressure (CAMEO 08).
    Concede,
    /// Demands something of the target (CAMEO 10).
    Demand,
    /// Criticises, accuses or warns the target (CAMEO 11).
    Criticize,
    /// Rejects the target's proposal or demand (CAMEO 12).
    Reject,
    /// Threatens the target (CAMEO 13).
    Threaten,
    /// Protests against the target (CAMEO 14).
    Protest,
    /// Sanctions, cuts ties with, or excludes the target from a programme (CAMEO 16).
    Sanction,
    /// Designates the target a terrorist organisation (CAMEO 16, legal sanction).
    DesignateTerrorist,
    /// Coerces the target: seizure, arrest, expulsion (CAMEO 17).
    Coerce,
    /// Uses military force against the target (CAMEO 19).
    Fight,
    /// Is a member of the target (a state of NATO).
    MemberOf,
    /// Is part of the target (an agency of a government).
    PartOf,
    /// Leads the target (a head of state of a state).
    Leads,
    /// Speaks or acts for the target (a spokesperson, an adviser).
    Represents,
    /// Owns or operates the target (a state of a weapon system).
    Possesses,
    /// Produces or manufactures the target.
    Produces,
    /// Is linked to the target without being part of it (an affiliate, an offshoot).
    AffiliatedWith,
    /// Is allied with the target by treaty or lasting alignment.
    AlliedWith,
    /// Is in a lasting state of tension or rivalry with the target.
    Tension,
}
vocabulary!(RelationKind, "relation kind");

/// Facts about one relation kind: its CAMEO and PLOVER mapping, class and default weight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct KindInfo {
    /// The CAMEO code the kind maps to (a root like `"10"` or a sub-code like `"033"`),
    /// `None` for standing relations.
    pub cameo: Option<&'static str>,
    /// The PLOVER event type, `None` for standing relations.
    pub plover: Option<&'static str>,
    /// The quad class.
    pub quad_class: QuadClass,
    /// The default Goldstein weight, −10 (most hostile) to +10 (most cooperative).
    pub goldstein: f64,
}

impl RelationKind {
    /// The kind's CAMEO/PLOVER mapping, quad class and default Goldstein weight.
    ///
    /// ```
    /// use dipgraph::{QuadClass, RelationKind};
    /// let info = RelationKind::Demand.info();
    /// assert_eq!(info.cameo, Some("10"));
    /// assert_eq!(info.quad_class, QuadClass::VerbalConflict);
    /// assert_eq!(info.goldstein, -5.0);
    /// ```
    pub fn info(self) -> KindInfo {
        use QuadClass::*;
        let event = |cameo, plover, quad_class, goldstein| KindInfo {
            cameo: Some(cameo),
            plover: Some(plover),
            quad_class,
            goldstein,
        };
        let standing = |goldstein| KindInfo {
            cameo: None,
            plover: None,
            quad_class: Structural,
            goldstein,
        };
        match self {
            Self::Comment => event("01", "CONSULT", VerbalCooperation, 0.0),
            Self::Appeal => event("02", "REQUEST", VerbalCooperation, 3.0),
            Self::Promise => event("03", "AGREE", VerbalCooperation, 4.0),
            Self::Offer => event("033", "AGREE", VerbalCooperation, 5.2),
            Self::Consult => event("04", "CONSULT", VerbalCooperation, 1.0),
            Self::Endorse => event("051", "SUPPORT", VerbalCooperation, 3.4),
            Self::Cooperate => event("06", "COOPERATE", MaterialCooperation, 6.0),
            Self::Trade => event("061", "COOPERATE", MaterialCooperation, 6.4),
            Self::Aid => event("07", "AID", MaterialCooperation, 7.0),
            Self::Concede => event("08", "CONCEDE", MaterialCooperation, 5.0),
            Self::Demand => event("10", "REQUEST", VerbalConflict, -5.0),
            Self::Criticize => event("11", "ACCUSE", VerbalConflict, -2.0),
            Self::Reject => event("12", "REJECT", VerbalConflict, -4.0),
            Self::Threaten => event("13", "THREATEN", VerbalConflict, -4.4),
            Self::Protest => event("14", "PROTEST", VerbalConflict, -6.5),
            Self::Sanction => event("16", "SANCTION", MaterialConflict, -4.0),
            Self::DesignateTerrorist => event("163", "SANCTION", MaterialConflict, -8.0),
            Self::Coerce => event("17", "COERCE", MaterialConflict, -7.0),
            Self::Fight => event("19", "ASSAULT", MaterialConflict, -10.0),
            Self::MemberOf => standing(2.0),
            Self::PartOf => standing(2.0),
            Self::Leads => standing(2.0),
            Self::Represents => standing(2.0),
            Self::Possesses => standing(0.0),
            Self::Produces => standing(0.0),
            Self::AffiliatedWith => standing(3.0),
            Self::AlliedWith => standing(6.0),
            Self::Tension => standing(-3.0),
        }
    }

    /// The event kind a CAMEO event code maps to, as importers of event data (GDELT) use it:
    /// the most specific known code first (`033` offer, `051` endorse, `057` cooperate, `061`
    /// trade, `163` sanction), then the root (`01`–`20`). `None` when the code is not two to
    /// four digits with a root from 01 to 20. This is the table of `docs/relations.md`.
    ///
    /// ```
    /// use dipgraph::RelationKind;
    /// assert_eq!(RelationKind::from_cameo("0332"), Some(RelationKind::Offer));
    /// assert_eq!(RelationKind::from_cameo("112"), Some(RelationKind::Criticize));
    /// assert_eq!(RelationKind::from_cameo("21"), None);
    /// ```
    pub fn from_cameo(code: &str) -> Option<Self> {
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let base = code.get(..3).unwrap_or(code);
        let specific = match base {
            "033" => Some(Self::Offer),
            "051" => Some(Self::Endorse),
            "057" => Some(Self::Cooperate),
            "061" => Some(Self::Trade),
            "163" => Some(Self::Sanction),
            _ => None,
        };
        specific.or(match code.get(..2)? {
            "01" | "09" => Some(Self::Comment),
            "02" => Some(Self::Appeal),
            "03" => Some(Self::Promise),
            "04" => Some(Self::Consult),
            "05" => Some(Self::Endorse),
            "06" => Some(Self::Cooperate),
            "07" => Some(Self::Aid),
            "08" => Some(Self::Concede),
            "10" => Some(Self::Demand),
            "11" => Some(Self::Criticize),
            "12" => Some(Self::Reject),
            "13" | "15" => Some(Self::Threaten),
            "14" => Some(Self::Protest),
            "16" => Some(Self::Sanction),
            "17" => Some(Self::Coerce),
            "18" | "19" | "20" => Some(Self::Fight),
            _ => None,
        })
    }

    /// Whether the kind is a standing relation (period) rather than an event (date).
    pub fn is_standing(self) -> bool {
        self.info().quad_class == QuadClass::Structural
    }

    /// The broad class: cooperation, conflict or structural.
    pub fn class(self) -> Class {
        self.info().quad_class.class()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in RelationKind::all() {
            assert_eq!(kind.as_str().parse::<RelationKind>().ok(), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
        for kind in ActorKind::all() {
            assert_eq!(kind.as_str().parse::<ActorKind>().ok(), Some(kind));
        }
    }

    #[test]
    fn lenient_parsing_and_helpful_errors() {
        assert_eq!(
            "Designate-Terrorist".parse(),
            Ok(RelationKind::DesignateTerrorist)
        );
        let err = "demands".parse::<RelationKind>().unwrap_err().to_string();
        assert!(err.contains("expected one of: comment, appeal"), "{err}");
    }

    #[test]
    fn from_cameo() {
        use RelationKind::*;
        let cases: &[(&str, Option<RelationKind>)] = &[
            ("01", Some(Comment)),
            ("010", Some(Comment)),
            ("02", Some(Appeal)),
            ("0214", Some(Appeal)),
            ("03", Some(Promise)),
            ("033", Some(Offer)),
            ("0332", Some(Offer)),
            ("036", Some(Promise)),
            ("04", Some(Consult)),
            ("043", Some(Consult)),
            ("05", Some(Endorse)),
            ("051", Some(Endorse)),
            ("052", Some(Endorse)),
            ("057", Some(Cooperate)),
            ("06", Some(Cooperate)),
            ("061", Some(Trade)),
            ("07", Some(Aid)),
            ("072", Some(Aid)),
            ("08", Some(Concede)),
            ("09", Some(Comment)),
            ("10", Some(Demand)),
            ("1041", Some(Demand)),
            ("11", Some(Criticize)),
            ("112", Some(Criticize)),
            ("12", Some(Reject)),
            ("13", Some(Threaten)),
            ("14", Some(Protest)),
            ("15", Some(Threaten)),
            ("16", Some(Sanction)),
            ("163", Some(Sanction)),
            ("17", Some(Coerce)),
            ("18", Some(Fight)),
            ("19", Some(Fight)),
            ("20", Some(Fight)),
            ("204", Some(Fight)),
            ("00", None),
            ("21", None),
            ("1", None),
            ("11234", None),
            ("1a", None),
            ("", None),
            ("--", None),
        ];
        for &(code, expected) in cases {
            assert_eq!(RelationKind::from_cameo(code), expected, "{code:?}");
        }
        // Every event kind but designate_terrorist (CAMEO has no terrorist listing: 163 is a
        // sanction) is reachable from its own code.
        for kind in RelationKind::all().filter(|k| !k.is_standing()) {
            let code = kind.info().cameo.unwrap();
            if kind != DesignateTerrorist {
                assert_eq!(RelationKind::from_cameo(code), Some(kind), "{kind}");
            }
        }
    }

    #[test]
    fn weights_follow_class_signs() {
        for kind in RelationKind::all() {
            let info = kind.info();
            assert!((-10.0..=10.0).contains(&info.goldstein));
            match kind.class() {
                Class::Cooperation => assert!(info.goldstein >= 0.0, "{kind}"),
                Class::Conflict => assert!(info.goldstein < 0.0, "{kind}"),
                Class::Structural => assert!(info.cameo.is_none()),
            }
        }
    }
}
