//! Resource quantities (`100m`, `1.5Gi`, `1e3`), exact as upstream's `resource.Quantity`
//! (`staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`).
//!
//! Values are stored as a whole number of nano-units, so `0.1` equals `100m` exactly; finer
//! values round up (away from zero) to the next nano-unit, as upstream does.
//!
//! Printing is upstream's `String()`: the canonical form, except that a text `ParseQuantity`
//! judges canonical (its fast path: an integer of at most 18 digits with a decimal suffix of
//! a power of 1000 and no `000` at its end, or at most 11 digits with a binary suffix and a
//! number not divisible by 8) is kept as written, sign and spelling included: `1.250`,
//! `1E3`, `+1k` and `5e0` print back unchanged, while `1.5`, `1000k` and `0.5` print as
//! `1500m`, `1M` and `500m`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Add, AddAssign, Sub, SubAssign};

/// How a quantity was written, which decides how it is printed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantityFormat {
    /// Decimal SI suffixes (`m`, `k`, `M`, `G`, ...) or none.
    DecimalSI,
    /// Binary SI suffixes (`Ki`, `Mi`, `Gi`, ...).
    BinarySI,
    /// A decimal exponent (`1e3`, `1E-3`).
    DecimalExponent,
}

/// Why a quantity string was refused; the messages are upstream's `ErrFormatWrong`,
/// `ErrNumeric` and `ErrSuffix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// The text does not have the shape `<number><suffix>`.
    FormatWrong,
    /// The numeric part could not be read.
    Numeric,
    /// The suffix is not a known one (suffixes are case-sensitive: `1K` is refused).
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::FormatWrong => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

impl std::error::Error for QuantityError {}

/// An exact resource quantity, stored as a whole number of nano-units.
///
/// Equality, ordering and hashing look at the value only: `1Gi == 1073741824`.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    nanos: i128,
    format: QuantityFormat,
    /// The text it was parsed from when upstream keeps that text (`Quantity.s`).
    text: Verbatim,
}

/// Longest parsed text kept verbatim; longer canonical texts (only possible with runs of
/// leading zeros) print in the computed canonical form, which has the same value.
const VERBATIM_MAX: usize = 30;

/// A short text kept inline, so that [`Quantity`] stays `Copy`.
#[derive(Clone, Copy, Default)]
struct Verbatim {
    len: u8,
    bytes: [u8; VERBATIM_MAX],
}

impl Verbatim {
    fn new(text: &str) -> Verbatim {
        let mut v = Verbatim::default();
        if text.len() <= VERBATIM_MAX {
            v.bytes[..text.len()].copy_from_slice(text.as_bytes());
            v.len = text.len() as u8;
        }
        v
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

const NANOS_PER_UNIT: i128 = 1_000_000_000;
/// Saturation bound for values (far above any real resource amount), so that sums never overflow.
const MAX_NANOS: i128 = 1_000_000_000_000_000_000_000_000_000_000_000_000;
/// Upstream caps binary-SI quantities at the largest int64 (in units).
const MAX_BINARY_NANOS: i128 = (i64::MAX as i128) * NANOS_PER_UNIT;
/// Longest digit string that can still be below [`MAX_NANOS`].
const MAX_DIGITS: usize = 37;
/// Significant digits kept while parsing; later ones can only decide a round-up.
const KEEP_DIGITS: usize = 120;

impl Quantity {
    /// Parses a quantity as upstream's `ParseQuantity` does (case-sensitive suffixes, no spaces).
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        if s == "0" {
            return Ok(Quantity::zero());
        }
        let parts = split_quantity(s)?;
        let (base2, exp, format) = interpret_suffix(parts.suffix)?;
        let text = if keeps_its_text(&parts, base2, exp) {
            Verbatim::new(s)
        } else {
            Verbatim::default()
        };
        let mut digits: Vec<u8> = parts
            .num
            .bytes()
            .chain(parts.denom.bytes())
            .map(|b| b - b'0')
            .collect();
        // Value = digits * 10^(exp10 - len(denom)) * 2^exp2; work in nano-units.
        let mut dec_exp: i64 = -(parts.denom.len() as i64) + 9;
        strip_leading_zeros(&mut digits);
        if digits.len() > KEEP_DIGITS {
            // Far below a nano-unit: only whether the dropped tail is non-zero matters.
            let dropped = digits.split_off(KEEP_DIGITS);
            dec_exp = dec_exp.saturating_add(dropped.len() as i64);
            if dropped.iter().any(|d| *d != 0) {
                digits.push(1);
                dec_exp -= 1;
            }
        }
        if base2 {
            for _ in 0..exp {
                double_digits(&mut digits);
            }
        } else {
            dec_exp = dec_exp.saturating_add(exp);
        }
        strip_leading_zeros(&mut digits);
        let mut nanos = digits_to_nanos(&digits, dec_exp);
        if format == QuantityFormat::BinarySI && nanos > MAX_BINARY_NANOS {
            nanos = MAX_BINARY_NANOS;
        }
        let mut format = format;
        if format == QuantityFormat::BinarySI && nanos < NANOS_PER_UNIT && parts.slow_path {
            format = QuantityFormat::DecimalSI;
        }
        if !parts.positive {
            nanos = -nanos;
        }
        Ok(Quantity {
            nanos,
            format,
            text,
        })
    }

    /// The zero quantity (`0`, decimal SI).
    pub fn zero() -> Self {
        Quantity {
            nanos: 0,
            format: QuantityFormat::DecimalSI,
            text: Verbatim::default(),
        }
    }

    /// A decimal-SI quantity of `milli` thousandths (`from_milli(100)` is `100m`).
    pub fn from_milli(milli: i64) -> Self {
        Quantity {
            nanos: i128::from(milli) * 1_000_000,
            format: QuantityFormat::DecimalSI,
            text: Verbatim::default(),
        }
    }

    /// A decimal-SI quantity of `value` whole units.
    pub fn from_int(value: i64) -> Self {
        Quantity {
            nanos: i128::from(value) * NANOS_PER_UNIT,
            format: QuantityFormat::DecimalSI,
            text: Verbatim::default(),
        }
    }

    /// A binary-SI quantity of `value` whole units (printed with `Ki`, `Mi`, ... when exact).
    pub fn from_int_binary(value: i64) -> Self {
        Quantity {
            nanos: i128::from(value) * NANOS_PER_UNIT,
            format: QuantityFormat::BinarySI,
            text: Verbatim::default(),
        }
    }

    /// How the quantity prints (the format of the text it was parsed from).
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// The value in thousandths, rounded up (away from zero) as upstream's `MilliValue`.
    pub fn milli_value(&self) -> i64 {
        clamp_i64(div_away_from_zero(self.nanos, 1_000_000))
    }

    /// The value in whole units, rounded up (away from zero) as upstream's `Value`.
    pub fn value(&self) -> i64 {
        clamp_i64(div_away_from_zero(self.nanos, NANOS_PER_UNIT))
    }

    /// True for any spelling of zero.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// The sign of the value: -1, 0 or 1.
    pub fn sign(&self) -> i32 {
        match self.nanos.cmp(&0) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    fn canonical(&self) -> (String, String) {
        if self.nanos == 0 {
            return ("0".to_string(), String::new());
        }
        let mut format = self.format;
        if format == QuantityFormat::BinarySI
            && (self.nanos.abs() < 1024 * NANOS_PER_UNIT || self.nanos % NANOS_PER_UNIT != 0)
        {
            format = QuantityFormat::DecimalSI;
        }
        if format == QuantityFormat::BinarySI {
            let mut amount = self.nanos / NANOS_PER_UNIT;
            let mut exp = 0;
            while exp < 6 && amount % 1024 == 0 {
                amount /= 1024;
                exp += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
                .get(exp)
                .copied()
                .unwrap_or("");
            return (amount.to_string(), suffix.to_string());
        }
        let mut amount = self.nanos;
        let mut exp: i32 = -9;
        while amount % 10 == 0 {
            amount /= 10;
            exp += 1;
        }
        match exp.rem_euclid(3) {
            1 => {
                amount *= 10;
                exp -= 1;
            }
            2 => {
                amount *= 100;
                exp -= 2;
            }
            _ => {}
        }
        if format == QuantityFormat::DecimalExponent {
            let suffix = if exp == 0 {
                String::new()
            } else {
                format!("e{exp}")
            };
            return (amount.to_string(), suffix);
        }
        while exp > 18 {
            amount = amount.saturating_mul(1000);
            exp -= 3;
        }
        let suffix = match exp {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            18 => "E",
            _ => "",
        };
        (amount.to_string(), suffix.to_string())
    }
}

fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

fn div_away_from_zero(n: i128, d: i128) -> i128 {
    let q = n / d;
    if n % d == 0 {
        q
    } else if n > 0 {
        q + 1
    } else {
        q - 1
    }
}

fn saturate(v: i128) -> i128 {
    v.clamp(-MAX_NANOS, MAX_NANOS)
}

struct QuantityParts<'a> {
    positive: bool,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
    /// Whether upstream would take its `inf.Dec` path (which turns tiny binary values decimal).
    slow_path: bool,
}

/// Upstream's `parseQuantityString`: sign, digits, optional `.digits`, suffix.
fn split_quantity(s: &str) -> Result<QuantityParts<'_>, QuantityError> {
    let bytes = s.as_bytes();
    let end = bytes.len();
    let mut pos = 0;
    let mut positive = true;
    match bytes.first() {
        Some(b'-') => {
            positive = false;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    while pos < end && bytes.get(pos) == Some(&b'0') {
        pos += 1;
    }
    let num_start = pos;
    while pos < end && bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let num = s.get(num_start..pos).unwrap_or("");
    let num = if num.is_empty() { "0" } else { num };
    let mut denom = "";
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while pos < end && bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        denom = s.get(start..pos).unwrap_or("");
    }
    let suffix_start = pos;
    while pos < end && bytes.get(pos).is_some_and(|b| b"eEinumkKMGTP".contains(b)) {
        pos += 1;
    }
    if matches!(bytes.get(pos), Some(b'-') | Some(b'+')) {
        pos += 1;
    }
    while pos < end && bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    if pos < end {
        return Err(QuantityError::FormatWrong);
    }
    let suffix = s.get(suffix_start..).unwrap_or("");
    let slow_path = !denom.is_empty() || num.len() > 18;
    Ok(QuantityParts {
        positive,
        num,
        denom,
        suffix,
        slow_path,
    })
}

/// Whether upstream's `ParseQuantity` keeps the text as the quantity's string: its int64
/// fast path (at most 18 digits, scale at least nano; binary suffixes only without a
/// fraction and with few enough digits) taken for a text already in canonical form.
fn keeps_its_text(parts: &QuantityParts<'_>, base2: bool, exp: i64) -> bool {
    let digits = parts.num.len() + parts.denom.len();
    if base2 {
        // 15 - digits - exponent*3/10 - 1 >= 0, as upstream estimates the precision.
        let fast = parts.denom.is_empty() && (digits as i64) + exp * 3 / 10 < 15;
        let value = parts.num.parse::<i64>().ok();
        return fast
            && value.is_some_and(|v| v.checked_mul(1i64 << exp).is_some() && v & 0x07 != 0);
    }
    let scale = exp - parts.denom.len() as i64;
    let shifted = || parts.num.bytes().chain(parts.denom.bytes());
    digits <= 18
        && scale >= -9
        && scale % 3 == 0
        && shifted().next() != Some(b'0')
        && !(digits >= 3 && shifted().skip(digits - 3).all(|b| b == b'0'))
}

/// Upstream's `suffixHandler.interpret`: (is base 2, exponent, format).
fn interpret_suffix(suffix: &str) -> Result<(bool, i64, QuantityFormat), QuantityError> {
    let dec = match suffix {
        "n" => Some(-9),
        "u" => Some(-6),
        "m" => Some(-3),
        "" => Some(0),
        "k" => Some(3),
        "M" => Some(6),
        "G" => Some(9),
        "T" => Some(12),
        "P" => Some(15),
        "E" => Some(18),
        _ => None,
    };
    if let Some(e) = dec {
        return Ok((false, e, QuantityFormat::DecimalSI));
    }
    let bin = match suffix {
        "Ki" => Some(10),
        "Mi" => Some(20),
        "Gi" => Some(30),
        "Ti" => Some(40),
        "Pi" => Some(50),
        "Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = bin {
        return Ok((true, e, QuantityFormat::BinarySI));
    }
    if let Some(rest) = suffix.strip_prefix(['e', 'E']) {
        if !rest.is_empty() {
            return match parse_go_int(rest) {
                Some(e) => Ok((false, e, QuantityFormat::DecimalExponent)),
                None => Err(QuantityError::Suffix),
            };
        }
    }
    Err(QuantityError::Suffix)
}

/// `strconv.ParseInt(s, 10, 64)` for the exponent: optional sign then digits; out-of-range
/// values saturate (they only ever mean "huge" or "tiny").
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i64 = 0;
    for b in digits.bytes() {
        v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(if neg { -v } else { v })
}

fn double_digits(digits: &mut Vec<u8>) {
    let mut carry = 0;
    for d in digits.iter_mut().rev() {
        let v = *d * 2 + carry;
        *d = v % 10;
        carry = v / 10;
    }
    if carry > 0 {
        digits.insert(0, carry);
    }
}

fn strip_leading_zeros(digits: &mut Vec<u8>) {
    let zeros = digits.iter().take_while(|d| **d == 0).count();
    digits.drain(..zeros);
}

/// digits * 10^dec_exp, rounded away from zero to a whole number, saturating.
fn digits_to_nanos(digits: &[u8], dec_exp: i64) -> i128 {
    if digits.is_empty() {
        return 0;
    }
    let (int_part, frac_nonzero) = if dec_exp >= 0 {
        if digits.len() as i64 + dec_exp > MAX_DIGITS as i64 {
            return MAX_NANOS;
        }
        (digits, false)
    } else {
        let cut = usize::try_from(-dec_exp).unwrap_or(usize::MAX);
        if cut >= digits.len() {
            (&digits[..0], true)
        } else {
            let split = digits.len() - cut;
            let (head, tail) = digits.split_at(split);
            (head, tail.iter().any(|d| *d != 0))
        }
    };
    if int_part.len() > MAX_DIGITS {
        return MAX_NANOS;
    }
    let mut v: i128 = 0;
    for d in int_part {
        v = v * 10 + i128::from(*d);
    }
    if dec_exp > 0 {
        for _ in 0..dec_exp {
            v *= 10;
        }
    }
    if frac_nonzero {
        v += 1;
    }
    saturate(v)
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

impl Default for Quantity {
    fn default() -> Self {
        Quantity::zero()
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl AddAssign for Quantity {
    /// Upstream `Add`: a zero left side takes the right side's format.
    fn add_assign(&mut self, rhs: Self) {
        if self.nanos == 0 {
            self.format = rhs.format;
        }
        self.text = Verbatim::default();
        self.nanos = saturate(self.nanos.saturating_add(rhs.nanos));
    }
}

impl SubAssign for Quantity {
    /// Upstream `Sub`: a zero left side takes the right side's format.
    fn sub_assign(&mut self, rhs: Self) {
        if self.nanos == 0 {
            self.format = rhs.format;
        }
        self.text = Verbatim::default();
        self.nanos = saturate(self.nanos.saturating_sub(rhs.nanos));
    }
}

impl Add for Quantity {
    type Output = Quantity;
    fn add(mut self, rhs: Self) -> Quantity {
        self += rhs;
        self
    }
}

impl Sub for Quantity {
    type Output = Quantity;
    fn sub(mut self, rhs: Self) -> Quantity {
        self -= rhs;
        self
    }
}

impl fmt::Display for Quantity {
    /// Upstream's `Quantity.String()`: the parsed text when kept, else the canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.len > 0 {
            return f.write_str(self.text.as_str());
        }
        let (number, suffix) = self.canonical();
        write!(f, "{number}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// Follows upstream `TestQuantityParse` and `TestQuantityString`: input, canonical output.
    #[test]
    fn parsing_then_printing_gives_the_canonical_form() {
        let table: &[(&str, &str, &str)] = &[
            ("zero is printed as 0", "0", "0"),
            ("zero with a suffix is 0", "0Mi", "0"),
            ("zero nano is 0", "0n", "0"),
            ("negative zero is 0", "-0", "0"),
            (
                "leading zeros of a canonical text are kept, as upstream keeps the text",
                "000100m",
                "000100m",
            ),
            (
                "leading zeros of a non-canonical text are dropped",
                "0100000m",
                "100",
            ),
            ("a plain integer stays", "2", "2"),
            ("one tenth is 100 milli", "0.1", "100m"),
            ("one half is 500 milli", "0.5", "500m"),
            ("one and a half is 1500 milli", "1.5", "1500m"),
            ("a leading dot is allowed", ".5", "500m"),
            ("a trailing dot is allowed and kept", "1.", "1."),
            ("milli stays milli", "100m", "100m"),
            ("1000 milli is one", "1000m", "1"),
            ("1000k is 1M", "1000k", "1M"),
            ("1000M is 1G", "1000M", "1G"),
            ("small k", "1k", "1k"),
            ("mega", "1M", "1M"),
            ("exa", "1E", "1E"),
            ("binary 1Ki", "1Ki", "1Ki"),
            ("1024Mi is 1Gi", "1024Mi", "1Gi"),
            ("1.5Gi is printed in Mi", "1.5Gi", "1536Mi"),
            ("200Mi stays", "200Mi", "200Mi"),
            ("a binary value under 1024 prints decimal", "0.5Ki", "512"),
            ("a fraction of Ki prints decimal", ".001Ki", "1024m"),
            (
                "a non-integer binary value prints decimal",
                "1.001Ki",
                "1025024m",
            ),
            ("exponent form stays", "1e3", "1e3"),
            ("a canonical capital E exponent is kept", "1E3", "1E3"),
            (
                "a non-canonical capital E exponent prints lower-case",
                "1E4",
                "10e3",
            ),
            ("negative exponent", "1E-3", "1E-3"),
            ("exponent with plus sign", "1.3E+6", "1300e3"),
            ("exponent 1e-1 aligns down", "1e-1", "100e-3"),
            ("exponent zero is kept as written", "5e0", "5e0"),
            ("a non-canonical exponent zero prints bare", "50e-1", "5"),
            ("sub-nano rounds up to 1n", "0.9n", "1n"),
            ("sub-nano fraction rounds up", "3.001n", "4n"),
            (
                "tiny binary rounds up and turns decimal",
                "0.000000000001Ki",
                "2n",
            ),
            ("tiny exponent rounds up", "1e-19", "1e-9"),
            ("negative values keep the sign", "-100m", "-100m"),
            ("a plus sign of a canonical text is kept", "+1k", "+1k"),
            (
                "a plus sign of a non-canonical text is dropped",
                "+1000k",
                "1M",
            ),
            ("three decimals make a canonical text", "1.250", "1.250"),
            ("three decimals after 12", "12.345", "12.345"),
            ("trailing 000 is not canonical", "1.000", "1"),
            ("a leading 0 is not canonical", "0.250", "250m"),
            ("milli decimals of a k value", "1.234k", "1.234k"),
            ("a binary number not divisible by 8 is kept", "+1Ki", "+1Ki"),
            (
                "a binary number divisible by 8 is recomputed",
                "+8Ki",
                "8Ki",
            ),
            (
                "too many digits for the binary fast path",
                "123456789Mi",
                "123456789Mi",
            ),
            ("micro", "5u", "5u"),
            ("nano", "5n", "5n"),
            (
                "large decimal",
                "12345678901234567890",
                "12345678901234567890",
            ),
            (
                "binary is capped at int64",
                "9223372036854775807Ki",
                "9223372036854775807",
            ),
            ("a lone dot is zero", ".", "0"),
            // Upstream `TestQuantityParseEmit`.
            ("a millionth of Ki is 1024u", ".000001Ki", "1024u"),
            ("a billionth of Ki is 1024n", ".000000001Ki", "1024n"),
            ("negative fraction of Ki", "-.001Ki", "-1024m"),
            ("negative tiny binary", "-.000000000001Ki", "-2n"),
            ("negative 1024Mi", "-1024Mi", "-1Gi"),
        ];
        for (name, input, want) in table {
            assert_eq!(q(input).to_string(), *want, "{name}");
        }
    }

    /// Follows upstream `TestQuantityParseErrors` / `TestQuantityParse` error rows.
    #[test]
    fn invalid_quantities_are_refused_with_upstream_errors() {
        let table: &[(&str, &str, QuantityError)] = &[
            ("empty", "", QuantityError::FormatWrong),
            ("capital K is not a suffix", "1K", QuantityError::Suffix),
            (
                "B is not a suffix letter",
                "1KB",
                QuantityError::FormatWrong,
            ),
            ("i alone is not a suffix", "1i", QuantityError::Suffix),
            ("mi is not a suffix", "0.1mi", QuantityError::Suffix),
            ("two dots", "1.1.M", QuantityError::FormatWrong),
            ("a sign inside", "1+1.0M", QuantityError::FormatWrong),
            ("letters", "aoeu", QuantityError::FormatWrong),
            ("dangling exponent sign", "-3.01e-", QuantityError::Suffix),
            ("leading space", " 1", QuantityError::FormatWrong),
            ("trailing space", "1 ", QuantityError::FormatWrong),
            ("lower-case gi", "1gi", QuantityError::FormatWrong),
            (
                "a is not a suffix letter",
                "0.1am",
                QuantityError::FormatWrong,
            ),
            ("i after a fraction", ".5i", QuantityError::Suffix),
            ("i after a negative number", "-3.01i", QuantityError::Suffix),
        ];
        for (name, input, want) in table {
            assert_eq!(Quantity::parse(input), Err(*want), "{name}");
        }
        assert_eq!(
            QuantityError::FormatWrong.to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
    }

    /// Follows upstream `TestQuantityParse`: each input equals the listed value, keeps the
    /// listed format, and its negative and explicit-plus spellings parse too.
    #[test]
    fn parsing_follows_the_upstream_table() {
        use QuantityFormat::*;
        let table: &[(&str, &str, QuantityFormat)] = &[
            ("0Ki", "0", BinarySI),
            ("1", "1", DecimalSI),
            ("3Ei", "3458764513820540928", BinarySI),
            ("100Ti", "109951162777600", BinarySI),
            ("50k", "50000", DecimalSI),
            ("300T", "300000000000000", DecimalSI),
            ("1E6", "1000000", DecimalExponent),
            ("100.035k", "100035", DecimalSI),
            ("0.0005k", "500m", DecimalSI),
            ("0.00050k", "500m", DecimalSI),
            ("0.5e-2", "5m", DecimalExponent),
            ("10.035M", "10035000", DecimalSI),
            ("1.53E12", "1530000000000", DecimalExponent),
            ("1.7E18", "1700000000000000000", DecimalExponent),
            ("6.987654321G", "6987654321", DecimalSI),
            ("1.01E", "1010000000000000000", DecimalSI),
            ("1.1E-9", "2n", DecimalExponent),
            ("0.0000000005", "1n", DecimalSI),
            ("0.00000012345", "124n", DecimalSI),
            ("9Ei", "9223372036854775807", BinarySI),
            ("12E", "12000000000000000000", DecimalSI),
            ("100.035Ki", "102435840m", BinarySI),
            ("0.5Mi", "524288", BinarySI),
            ("0.05Gi", "53687091200m", BinarySI),
            ("0.025Ti", "27487790694400m", BinarySI),
            (".0001k", "100m", DecimalSI),
            ("1.G", "1G", DecimalSI),
            ("0u", "0", DecimalSI),
            ("0Ti", "0", BinarySI),
            ("4Pi", "4503599627370496", BinarySI),
            ("1e14", "100000000000000", DecimalExponent),
            ("0.5e0", "500m", DecimalExponent),
            ("1.40e9", "1400000000", DecimalExponent),
            ("7.123456M", "7123456", DecimalSI),
            ("0.0000000001", "1n", DecimalSI),
            ("0.00000000050", "1n", DecimalSI),
            ("0.5e-9", "1n", DecimalExponent),
            ("0.00000012354", "124n", DecimalSI),
            ("0.000000000001Ki", "2n", DecimalSI),
            (".001", "1m", DecimalSI),
            ("1.", "1", DecimalSI),
        ];
        for (input, value, format) in table {
            let got = q(input);
            assert_eq!(got, q(value), "{input}");
            assert_eq!(got.format(), *format, "{input} format");
            assert_eq!(
                q(&format!("-{input}")),
                Quantity::zero() - q(value),
                "-{input}"
            );
            assert_eq!(q(&format!("+{input}")), got, "+{input}");
        }
    }

    /// Follows upstream `TestQuantityString`.
    #[test]
    fn printing_follows_the_upstream_table() {
        let table: &[(&str, &str)] = &[
            ("300Mi", "300Mi"),
            ("1001Gi", "1001Gi"),
            ("1024Gi", "1Ti"),
            ("1080m", "1080m"),
            ("1.08", "1080m"),
            ("1234567M", "1234567M"),
            ("1025", "1025"),
            ("80e-3", "80e-3"),
            ("300e6", "300e6"),
            ("3e3", "3e3"),
            ("1080n", "1080n"),
            ("-9.01", "-9010m"),
            // The `alternate` spellings of upstream's table print canonically too.
            ("307200Ki", "300Mi"),
            ("1025024Mi", "1001Gi"),
            ("5000m", "5"),
            ("0.001T", "1G"),
            ("1000u", "1m"),
            ("1080000000n", "1080m"),
            (".001e12", "1e9"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("00", "0"),
            ("1234567m", "1234567m"),
            ("6Ki", "6Ki"),
            ("1080u", "1080u"),
            ("300e6", "300e6"),
            ("1e12", "1e12"),
        ];
        for (input, want) in table {
            assert_eq!(q(input).to_string(), *want, "{input}");
        }
    }

    /// Follows upstream `TestQuantityCmp`.
    #[test]
    fn comparison_is_exact_across_formats() {
        let table: &[(&str, &str, &str, Ordering)] = &[
            ("0.1 equals 100m", "0.1", "100m", Ordering::Equal),
            ("1000m equals 1", "1000m", "1", Ordering::Equal),
            ("1Mi equals 1048576", "1Mi", "1048576", Ordering::Equal),
            ("1Gi is more than 1G", "1Gi", "1G", Ordering::Greater),
            (
                "10000T is more than 100Gi",
                "10000T",
                "100Gi",
                Ordering::Greater,
            ),
            ("1e3 equals 1k", "1e3", "1k", Ordering::Equal),
            ("1E is exa, more than 1E3", "1E", "1E3", Ordering::Greater),
            ("negative is less", "-1", "0", Ordering::Less),
            ("zero equals zero", "0", "0", Ordering::Equal),
            ("100m is more than 50m", "100m", "50m", Ordering::Greater),
            ("50m is less than 100m", "50m", "100m", Ordering::Less),
        ];
        for (name, a, b, want) in table {
            assert_eq!(q(a).cmp(&q(b)), *want, "{name}");
        }
    }

    /// Follows upstream `TestQuantityValue` / `TestMilliValue`: both round up.
    #[test]
    fn value_and_milli_value_round_up() {
        let table: &[(&str, &str, i64, i64)] = &[
            ("100m memory is one byte", "100m", 1, 100),
            ("0.1m cpu is one millicore", "0.1m", 1, 1),
            ("1.5 is 1500 milli", "1.5", 2, 1500),
            ("1Gi", "1Gi", 1 << 30, (1 << 30) * 1000),
            ("zero", "0", 0, 0),
            ("negative rounds away from zero", "-1.5", -2, -1500),
        ];
        for (name, input, value, milli) in table {
            assert_eq!(q(input).value(), *value, "{name} value");
            assert_eq!(q(input).milli_value(), *milli, "{name} milli");
        }
    }

    /// Follows upstream `TestQuantityAdd` / `TestQuantitySub`.
    #[test]
    fn addition_and_subtraction_are_exact_and_keep_the_left_format() {
        let table: &[(&str, &str, &str, &str, &str)] = &[
            ("milli plus units", "100m", "1", "1100m", "-900m"),
            ("binary plus binary", "1Gi", "512Mi", "1536Mi", "512Mi"),
            ("zero takes the right format", "0", "1Ki", "1Ki", "-1Ki"),
            ("tenths add exactly", "0.1", "0.2", "300m", "-100m"),
        ];
        for (name, a, b, sum, diff) in table {
            assert_eq!((q(a) + q(b)).to_string(), *sum, "{name} sum");
            assert_eq!((q(a) - q(b)).to_string(), *diff, "{name} diff");
        }
        let mut acc = Quantity::default();
        for _ in 0..10 {
            acc += q("0.1");
        }
        assert_eq!(acc, Quantity::from_int(1));
        assert_eq!(Quantity::from_milli(250).to_string(), "250m");
        assert_eq!("1Ki".parse::<Quantity>(), Ok(Quantity::from_int(1024)));
        assert!(Quantity::zero().is_zero());
    }
}
