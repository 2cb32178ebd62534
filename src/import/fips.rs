//! FIPS 10-4 country codes, which GDELT uses for places (`Actor1Geo_CountryCode`), as
//! ISO 3166-1 alpha-3 codes, and those as CAMEO state codes.
//!
//! Complete for the FIPS codes of countries and of territories that have an ISO code; the
//! FIPS codes of places with none (Akrotiri, the Spratly Islands, oceans) give `None`.

use super::actor_code::{self, Part};

/// The ISO 3166-1 alpha-3 code of a FIPS 10-4 country code: `UP` (Ukraine) → `UKR`.
pub(crate) fn iso3(fips: &str) -> Option<&'static str> {
    Some(match fips {
        "AA" => "ABW", // Aruba
        "AC" => "ATG", // Antigua and Barbuda
        "AE" => "ARE", // United Arab Emirates
        "AF" => "AFG", // Afghanistan
        "AG" => "DZA", // Algeria
        "AJ" => "AZE", // Azerbaijan
        "AL" => "ALB", // Albania
        "AM" => "ARM", // Armenia
        "AN" => "AND", // Andorra
        "AO" => "AGO", // Angola
        "AQ" => "ASM", // American Samoa
        "AR" => "ARG", // Argentina
        "AS" => "AUS", // Australia
        "AU" => "AUT", // Austria
        "AV" => "AIA", // Anguilla
        "AY" => "ATA", // Antarctica
        "BA" => "BHR", // Bahrain
        "BB" => "BRB", // Barbados
        "BC" => "BWA", // Botswana
        "BD" => "BMU", // Bermuda
        "BE" => "BEL", // Belgium
        "BF" => "BHS", // Bahamas
        "BG" => "BGD", // Bangladesh
        "BH" => "BLZ", // Belize
        "BK" => "BIH", // Bosnia and Herzegovina
        "BL" => "BOL", // Bolivia
        "BM" => "MMR", // Burma
        "BN" => "BEN", // Benin
        "BO" => "BLR", // Belarus
        "BP" => "SLB", // Solomon Islands
        "BR" => "BRA", // Brazil
        "BT" => "BTN", // Bhutan
        "BU" => "BGR", // Bulgaria
        "BV" => "BVT", // Bouvet Island
        "BX" => "BRN", // Brunei
        "BY" => "BDI", // Burundi
        "CA" => "CAN", // Canada
        "CB" => "KHM", // Cambodia
        "CD" => "TCD", // Chad
        "CE" => "LKA", // Sri Lanka
        "CF" => "COG", // Republic of the Congo
        "CG" => "COD", // Democratic Republic of the Congo
        "CH" => "CHN", // China
        "CI" => "CHL", // Chile
        "CJ" => "CYM", // Cayman Islands
        "CK" => "CCK", // Cocos (Keeling) Islands
        "CM" => "CMR", // Cameroon
        "CN" => "COM", // Comoros
        "CO" => "COL", // Colombia
        "CQ" => "MNP", // Northern Mariana Islands
        "CS" => "CRI", // Costa Rica
        "CT" => "CAF", // Central African Republic
        "CU" => "CUB", // Cuba
        "CV" => "CPV", // Cape Verde
        "CW" => "COK", // Cook Islands
        "CY" => "CYP", // Cyprus
        "DA" => "DNK", // Denmark
        "DJ" => "DJI", // Djibouti
        "DO" => "DMA", // Dominica
        "DR" => "DOM", // Dominican Republic
        "EC" => "ECU", // Ecuador
        "EG" => "EGY", // Egypt
        "EI" => "IRL", // Ireland
        "EK" => "GNQ", // Equatorial Guinea
        "EN" => "EST", // Estonia
        "ER" => "ERI", // Eritrea
        "ES" => "SLV", // El Salvador
        "ET" => "ETH", // Ethiopia
        "EZ" => "CZE", // Czech Republic
        "FG" => "GUF", // French Guiana
        "FI" => "FIN", // Finland
        "FJ" => "FJI", // Fiji
        "FK" => "FLK", // Falkland Islands
        "FM" => "FSM", // Micronesia
        "FO" => "FRO", // Faroe Islands
        "FP" => "PYF", // French Polynesia
        "FR" => "FRA", // France
        "FS" => "ATF", // French Southern and Antarctic Lands
        "GA" => "GMB", // Gambia
        "GB" => "GAB", // Gabon
        "GG" => "GEO", // Georgia
        "GH" => "GHA", // Ghana
        "GI" => "GIB", // Gibraltar
        "GJ" => "GRD", // Grenada
        "GK" => "GGY", // Guernsey
        "GL" => "GRL", // Greenland
        "GM" => "DEU", // Germany
        "GP" => "GLP", // Guadeloupe
        "GQ" => "GUM", // Guam
        "GR" => "GRC", // Greece
        "GT" => "GTM", // Guatemala
        "GV" => "GIN", // Guinea
        "GY" => "GUY", // Guyana
        "GZ" => "PSE", // Gaza Strip
        "HA" => "HTI", // Haiti
        "HK" => "HKG", // Hong Kong
        "HM" => "HMD", // Heard Island and McDonald Islands
        "HO" => "HND", // Honduras
        "HR" => "HRV", // Croatia
        "HU" => "HUN", // Hungary
        "IC" => "ISL", // Iceland
        "ID" => "IDN", // Indonesia
        "IM" => "IMN", // Isle of Man
        "IN" => "IND", // India
        "IO" => "IOT", // British Indian Ocean Territory
        "IR" => "IRN", // Iran
        "IS" => "ISR", // Israel
        "IT" => "ITA", // Italy
        "IV" => "CIV", // Ivory Coast
        "IZ" => "IRQ", // Iraq
        "JA" => "JPN", // Japan
        "JE" => "JEY", // Jersey
        "JM" => "JAM", // Jamaica
        "JN" => "SJM", // Jan Mayen
        "JO" => "JOR", // Jordan
        "KE" => "KEN", // Kenya
        "KG" => "KGZ", // Kyrgyzstan
        "KN" => "PRK", // North Korea
        "KR" => "KIR", // Kiribati
        "KS" => "KOR", // South Korea
        "KT" => "CXR", // Christmas Island
        "KU" => "KWT", // Kuwait
        "KV" => "XKX", // Kosovo
        "KZ" => "KAZ", // Kazakhstan
        "LA" => "LAO", // Laos
        "LE" => "LBN", // Lebanon
        "LG" => "LVA", // Latvia
        "LH" => "LTU", // Lithuania
        "LI" => "LBR", // Liberia
        "LO" => "SVK", // Slovakia
        "LS" => "LIE", // Liechtenstein
        "LT" => "LSO", // Lesotho
        "LU" => "LUX", // Luxembourg
        "LY" => "LBY", // Libya
        "MA" => "MDG", // Madagascar
        "MB" => "MTQ", // Martinique
        "MC" => "MAC", // Macau
        "MD" => "MDA", // Moldova
        "MF" => "MYT", // Mayotte
        "MG" => "MNG", // Mongolia
        "MH" => "MSR", // Montserrat
        "MI" => "MWI", // Malawi
        "MJ" => "MNE", // Montenegro
        "MK" => "MKD", // North Macedonia
        "ML" => "MLI", // Mali
        "MN" => "MCO", // Monaco
        "MO" => "MAR", // Morocco
        "MP" => "MUS", // Mauritius
        "MR" => "MRT", // Mauritania
        "MT" => "MLT", // Malta
        "MU" => "OMN", // Oman
        "MV" => "MDV", // Maldives
        "MW" => "MNE", // Montenegro (code before 2006)
        "MX" => "MEX", // Mexico
        "MY" => "MYS", // Malaysia
        "MZ" => "MOZ", // Mozambique
        "NC" => "NCL", // New Caledonia
        "NE" => "NIU", // Niue
        "NF" => "NFK", // Norfolk Island
        "NG" => "NER", // Niger
        "NH" => "VUT", // Vanuatu
        "NI" => "NGA", // Nigeria
        "NL" => "NLD", // Netherlands
        "NN" => "SXM", // Sint Maarten
        "NO" => "NOR", // Norway
        "NP" => "NPL", // Nepal
        "NR" => "NRU", // Nauru
        "NS" => "SUR", // Suriname
        "NT" => "ANT", // Netherlands Antilles
        "NU" => "NIC", // Nicaragua
        "NZ" => "NZL", // New Zealand
        "OD" => "SSD", // South Sudan
        "PA" => "PRY", // Paraguay
        "PC" => "PCN", // Pitcairn Islands
        "PE" => "PER", // Peru
        "PK" => "PAK", // Pakistan
        "PL" => "POL", // Poland
        "PM" => "PAN", // Panama
        "PO" => "PRT", // Portugal
        "PP" => "PNG", // Papua New Guinea
        "PS" => "PLW", // Palau
        "PU" => "GNB", // Guinea-Bissau
        "QA" => "QAT", // Qatar
        "RB" => "SRB", // Serbia
        "RE" => "REU", // Reunion
        "RI" => "SRB", // Serbia
        "RM" => "MHL", // Marshall Islands
        "RN" => "MAF", // Saint Martin
        "RO" => "ROU", // Romania
        "RP" => "PHL", // Philippines
        "RQ" => "PRI", // Puerto Rico
        "RS" => "RUS", // Russia
        "RW" => "RWA", // Rwanda
        "SA" => "SAU", // Saudi Arabia
        "SB" => "SPM", // Saint Pierre and Miquelon
        "SC" => "KNA", // Saint Kitts and Nevis
        "SE" => "SYC", // Seychelles
        "SF" => "ZAF", // South Africa
        "SG" => "SEN", // Senegal
        "SH" => "SHN", // Saint Helena
        "SI" => "SVN", // Slovenia
        "SL" => "SLE", // Sierra Leone
        "SM" => "SMR", // San Marino
        "SN" => "SGP", // Singapore
        "SO" => "SOM", // Somalia
        "SP" => "ESP", // Spain
        "ST" => "LCA", // Saint Lucia
        "SU" => "SDN", // Sudan
        "SV" => "SJM", // Svalbard
        "SW" => "SWE", // Sweden
        "SX" => "SGS", // South Georgia and the South Sandwich Islands
        "SY" => "SYR", // Syria
        "SZ" => "CHE", // Switzerland
        "TB" => "BLM", // Saint Barthelemy
        "TD" => "TTO", // Trinidad and Tobago
        "TH" => "THA", // Thailand
        "TI" => "TJK", // Tajikistan
        "TK" => "TCA", // Turks and Caicos Islands
        "TL" => "TKL", // Tokelau
        "TN" => "TON", // Tonga
        "TO" => "TGO", // Togo
        "TP" => "STP", // Sao Tome and Principe
        "TS" => "TUN", // Tunisia
        "TT" => "TLS", // Timor-Leste
        "TU" => "TUR", // Turkey
        "TV" => "TUV", // Tuvalu
        "TW" => "TWN", // Taiwan
        "TX" => "TKM", // Turkmenistan
        "TZ" => "TZA", // Tanzania
        "UC" => "CUW", // Curacao
        "UG" => "UGA", // Uganda
        "UK" => "GBR", // United Kingdom
        "UP" => "UKR", // Ukraine
        "US" => "USA", // United States
        "UV" => "BFA", // Burkina Faso
        "UY" => "URY", // Uruguay
        "UZ" => "UZB", // Uzbekistan
        "VC" => "VCT", // Saint Vincent and the Grenadines
        "VE" => "VEN", // Venezuela
        "VI" => "VGB", // British Virgin Islands
        "VM" => "VNM", // Vietnam
        "VQ" => "VIR", // United States Virgin Islands
        "VT" => "VAT", // Vatican City
        "WA" => "NAM", // Namibia
        "WE" => "PSE", // West Bank
        "WF" => "WLF", // Wallis and Futuna
        "WI" => "ESH", // Western Sahara
        "WS" => "WSM", // Samoa
        "WZ" => "SWZ", // Eswatini
        "YM" => "YEM", // Yemen
        "ZA" => "ZMB", // Zambia
        "ZI" => "ZWE", // Zimbabwe
        _ => return None,
    })
}

/// The CAMEO state code for a FIPS 10-4 country code, when CAMEO has one: mostly the ISO
/// code, but CAMEO keeps a few older codes (`ROM` for Romania, `TMP` for East Timor).
pub(crate) fn cameo_state(fips: &str) -> Option<&'static str> {
    let code = match iso3(fips)? {
        "ROU" => "ROM",
        "MNE" => "MTN",
        "TLS" => "TMP",
        "IMN" => "IMY",
        code => code,
    };
    matches!(actor_code::part(code), Some(Part::State(_))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips_codes() {
        for (fips, iso, cameo) in [
            ("UP", Some("UKR"), Some("UKR")),
            ("RS", Some("RUS"), Some("RUS")),
            ("US", Some("USA"), Some("USA")),
            ("TU", Some("TUR"), Some("TUR")),
            ("GM", Some("DEU"), Some("DEU")),
            ("RO", Some("ROU"), Some("ROM")),
            ("MJ", Some("MNE"), Some("MTN")),
            ("TT", Some("TLS"), Some("TMP")),
            ("KV", Some("XKX"), None),
            ("OD", Some("SSD"), None),
            ("PG", None, None),
            ("", None, None),
        ] {
            assert_eq!((iso3(fips), cameo_state(fips)), (iso, cameo), "{fips}");
        }
    }

    #[test]
    fn each_iso_code_is_three_uppercase_letters() {
        let codes = (b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| [a, b]));
        for code in codes {
            let fips = std::str::from_utf8(&code).unwrap_or_default();
            if let Some(iso) = iso3(fips) {
                assert!(iso.len() == 3 && iso.bytes().all(|b| b.is_ascii_uppercase()));
            }
        }
    }
}
