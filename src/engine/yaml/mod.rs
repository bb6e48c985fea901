//! YAML text to objects and back: parsing with positions, decoding, defaulting, validation, export.
