//! YAML syntax highlighting for the editor: splits each line into classed spans. Purely
//! presentational (the engine does the real parsing); a highlighted line always has exactly
//! the characters of the source line, so the overlay lines up with the text area.

/// The kind of a highlighted piece of text; its CSS class is `tok-<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// Plain text and punctuation.
    Plain,
    /// A mapping key.
    Key,
    /// A quoted or plain string value.
    String,
    /// A number, boolean or null.
    Literal,
    /// A `#` comment.
    Comment,
    /// A document marker `---` or `...`.
    Marker,
    /// A list dash or the key/value colon.
    Punct,
}

impl Token {
    /// The CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Token::Plain => "tok-plain",
            Token::Key => "tok-key",
            Token::String => "tok-string",
            Token::Literal => "tok-literal",
            Token::Comment => "tok-comment",
            Token::Marker => "tok-marker",
            Token::Punct => "tok-punct",
        }
    }
}

/// Splits one line of YAML into `(token, text)` pieces whose texts concatenate to `line`.
pub fn highlight_line(line: &str) -> Vec<(Token, &str)> {
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 0 {
        out.push((Token::Plain, &line[..indent]));
    }
    if trimmed.starts_with("---") || trimmed.starts_with("...") {
        out.push((Token::Marker, trimmed));
        return out;
    }
    let mut rest = trimmed;
    let mut offset = indent;
    // List dashes ("- - key: v").
    while rest.starts_with("- ") || rest == "-" {
        let dash = if rest == "-" { 1 } else { 2 };
        out.push((Token::Punct, &line[offset..offset + dash]));
        offset += dash;
        rest = &rest[dash..];
    }
    let (code, comment) = split_comment(rest);
    if let Some(colon) = key_colon(code) {
        out.push((Token::Key, &line[offset..offset + colon]));
        out.push((Token::Punct, &line[offset + colon..offset + colon + 1]));
        let value = &code[colon + 1..];
        push_value(&mut out, value);
    } else {
        push_value(&mut out, code);
    }
    if !comment.is_empty() {
        out.push((Token::Comment, comment));
    }
    out
}

/// Splits `text` at a `#` that starts a comment (at the start or after a space, outside quotes).
fn split_comment(text: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return (&text[..i], &text[i..]),
            None => {}
        }
        previous = c;
    }
    (text, "")
}

/// The byte index of the colon that ends a mapping key, if the text starts with a key.
fn key_colon(code: &str) -> Option<usize> {
    let first = code.chars().next()?;
    if matches!(first, '{' | '[' | '|' | '>' | '&' | '*' | '!') {
        return None;
    }
    let mut quote: Option<char> = None;
    for (i, c) in code.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && i == 0 => quote = Some(c),
            None if c == ':' => {
                let next = code[i + 1..].chars().next();
                if next.is_none_or(char::is_whitespace) {
                    return Some(i);
                }
            }
            None => {}
        }
    }
    None
}

fn push_value<'a>(out: &mut Vec<(Token, &'a str)>, value: &'a str) {
    let trimmed = value.trim_start();
    let lead = value.len() - trimmed.len();
    if lead > 0 {
        out.push((Token::Plain, &value[..lead]));
    }
    let body = trimmed.trim_end();
    let tail = &trimmed[body.len()..];
    if !body.is_empty() {
        out.push((classify(body), body));
    }
    if !tail.is_empty() {
        out.push((Token::Plain, tail));
    }
}

fn classify(value: &str) -> Token {
    let is_number = value
        .strip_prefix(['-', '+'])
        .unwrap_or(value)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.')
        && value.chars().any(|c| c.is_ascii_digit());
    if is_number
        || matches!(
            value,
            "true" | "false" | "null" | "~" | "True" | "False" | "Null"
        )
    {
        Token::Literal
    } else if value.starts_with(['{', '[', '|', '>']) {
        Token::Plain
    } else {
        Token::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    #[test]
    fn lines_split_into_tokens_that_rebuild_the_line() {
        let cases: &[(&str, &[(Token, &str)])] = &[
            (
                "kind: DaemonSet",
                &[
                    (Key, "kind"),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "DaemonSet"),
                ],
            ),
            (
                "  - key: a/b # note",
                &[
                    (Plain, "  "),
                    (Punct, "- "),
                    (Key, "key"),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "a/b"),
                    (Plain, " "),
                    (Comment, "# note"),
                ],
            ),
            ("---", &[(Marker, "---")]),
            (
                "    cpu: 100m",
                &[
                    (Plain, "    "),
                    (Key, "cpu"),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "100m"),
                ],
            ),
            (
                "  maxUnavailable: 1",
                &[
                    (Plain, "  "),
                    (Key, "maxUnavailable"),
                    (Punct, ":"),
                    (Plain, " "),
                    (Literal, "1"),
                ],
            ),
            (
                "image: quay.io/f:v2",
                &[
                    (Key, "image"),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "quay.io/f:v2"),
                ],
            ),
            ("# just a comment", &[(Comment, "# just a comment")]),
            (
                "  \"quoted: key\": x",
                &[
                    (Plain, "  "),
                    (Key, "\"quoted: key\""),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "x"),
                ],
            ),
            (
                "url: http://x#frag",
                &[
                    (Key, "url"),
                    (Punct, ":"),
                    (Plain, " "),
                    (String, "http://x#frag"),
                ],
            ),
            ("- b", &[(Punct, "- "), (String, "b")]),
            ("", &[]),
        ];
        for (line, expected) in cases {
            let got = highlight_line(line);
            assert_eq!(&got, expected, "{line:?}");
            let rebuilt: std::string::String = got.iter().map(|(_, t)| *t).collect();
            assert_eq!(&rebuilt, line);
        }
    }

    #[test]
    fn any_line_is_rebuilt_exactly() {
        for line in [
            "  - {a: b}",
            "é: ü # ç",
            "\t- x:",
            "key:value",
            "a: 'it''s'",
            "-",
            "- -",
        ] {
            let rebuilt: std::string::String =
                highlight_line(line).iter().map(|(_, t)| *t).collect();
            assert_eq!(rebuilt, line);
        }
    }
}
