//! Resource quantities (`100m`, `1.5Gi`, `1e3`), exact as upstream's `resource.Quantity`.

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

/// An exact resource quantity, stored as a whole number of nano-units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Quantity {
    nanos: i128,
    format: QuantityFormat,
}
