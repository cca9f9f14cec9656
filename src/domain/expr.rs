//! The small expression language of the report form's rules, over
//! indicator codes: `K <= S`, `N + T <= D`, `N + T + O + B >= D`, `2T <= T`.
//! The dialogue words each comparison [`Op`] through locale keys
//! ("K (48) tidak boleh lebih dari S (45)"), never with symbols.
//!
//! Hand-written because indicator codes such as `2T` start with a digit,
//! which general expression crates do not accept as names. Grammar:
//!
//! ```text
//! rule    = sum op sum            op = <= | < | >= | > | == | !=
//! sum     = product (("+" | "-") product)*
//! product = atom ("*" atom)*
//! atom    = number | code | "(" sum ")"
//! ```
//! A word of letters, digits and `_` is a number if all digits, else a code.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub left: Expr,
    pub op: Op,
    pub right: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(i64),
    Code(String),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
    Ne,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("cannot read rule {text:?}: {reason}")]
pub struct ParseError {
    pub text: String,
    pub reason: &'static str,
}

impl Rule {
    pub fn parse(text: &str) -> Result<Rule, ParseError> {
        let fail = |reason| ParseError { text: text.to_owned(), reason };
        let tokens = tokenize(text).ok_or_else(|| fail("unexpected character"))?;
        let mut parser = Parser { tokens, at: 0 };
        let left = parser.sum().ok_or_else(|| fail("expected a code or number"))?;
        let op = match parser.next() {
            Some(Token::Op(op)) => op,
            _ => return Err(fail("expected a comparison such as <=")),
        };
        let right = parser.sum().ok_or_else(|| fail("expected a code or number"))?;
        if parser.at != parser.tokens.len() {
            return Err(fail("unexpected text after the rule"));
        }
        Ok(Rule { left, op, right })
    }

    /// The codes the rule reads, each once, in order of appearance.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes = Vec::new();
        self.left.collect(&mut codes);
        self.right.collect(&mut codes);
        codes
    }

    /// `Some(true)` if the rule holds, `Some(false)` if broken, `None` when a
    /// code it reads has no value.
    pub fn holds(&self, values: &BTreeMap<String, i64>) -> Option<bool> {
        let (l, r) = (self.left.eval(values)?, self.right.eval(values)?);
        Some(match self.op {
            Op::Le => l <= r,
            Op::Lt => l < r,
            Op::Ge => l >= r,
            Op::Gt => l > r,
            Op::Eq => l == r,
            Op::Ne => l != r,
        })
    }

    /// Both sides with their values: ("N + T", 50) and ("D", 40).
    pub fn sides(&self, values: &BTreeMap<String, i64>) -> Option<((String, i64), (String, i64))> {
        Some(((self.left.to_string(), self.left.eval(values)?), (self.right.to_string(), self.right.eval(values)?)))
    }
}

impl Expr {
    fn eval(&self, values: &BTreeMap<String, i64>) -> Option<i64> {
        Some(match self {
            Expr::Number(n) => *n,
            Expr::Code(code) => *values.get(code)?,
            Expr::Add(a, b) => a.eval(values)?.saturating_add(b.eval(values)?),
            Expr::Sub(a, b) => a.eval(values)?.saturating_sub(b.eval(values)?),
            Expr::Mul(a, b) => a.eval(values)?.saturating_mul(b.eval(values)?),
        })
    }

    fn collect<'a>(&'a self, codes: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Code(code) => {
                if !codes.contains(&code.as_str()) {
                    codes.push(code);
                }
            }
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => {
                a.collect(codes);
                b.collect(codes);
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Number(n) => write!(f, "{n}"),
            Expr::Code(code) => f.write_str(code),
            Expr::Add(a, b) => write!(f, "{a} + {b}"),
            Expr::Sub(a, b) => write!(f, "{a} - {b}"),
            Expr::Mul(a, b) => write!(f, "{a} × {b}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(i64),
    Code(String),
    Op(Op),
    Plus,
    Minus,
    Times,
    Open,
    Close,
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let (token, width) = match (c, two.as_str()) {
            (c, _) if c.is_whitespace() => {
                i += 1;
                continue;
            }
            (_, "<=") => (Token::Op(Op::Le), 2),
            (_, ">=") => (Token::Op(Op::Ge), 2),
            (_, "==") => (Token::Op(Op::Eq), 2),
            (_, "!=") => (Token::Op(Op::Ne), 2),
            ('<', _) => (Token::Op(Op::Lt), 1),
            ('>', _) => (Token::Op(Op::Gt), 1),
            ('+', _) => (Token::Plus, 1),
            ('-', _) => (Token::Minus, 1),
            ('*', _) => (Token::Times, 1),
            ('(', _) => (Token::Open, 1),
            (')', _) => (Token::Close, 1),
            (c, _) if c.is_ascii_alphanumeric() || c == '_' => {
                let word: String = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').collect();
                let token = match word.parse::<i64>() {
                    Ok(n) => Token::Number(n),
                    Err(_) => Token::Code(word.to_ascii_uppercase()),
                };
                (token, word.len())
            }
            _ => return None,
        };
        tokens.push(token);
        i += width;
    }
    Some(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn sum(&mut self) -> Option<Expr> {
        let mut expr = self.product()?;
        loop {
            match self.peek() {
                Some(Token::Plus) => {
                    self.at += 1;
                    expr = Expr::Add(Box::new(expr), Box::new(self.product()?));
                }
                Some(Token::Minus) => {
                    self.at += 1;
                    expr = Expr::Sub(Box::new(expr), Box::new(self.product()?));
                }
                _ => return Some(expr),
            }
        }
    }

    fn product(&mut self) -> Option<Expr> {
        let mut expr = self.atom()?;
        while self.peek() == Some(&Token::Times) {
            self.at += 1;
            expr = Expr::Mul(Box::new(expr), Box::new(self.atom()?));
        }
        Some(expr)
    }

    fn atom(&mut self) -> Option<Expr> {
        match self.next()? {
            Token::Number(n) => Some(Expr::Number(n)),
            Token::Code(code) => Some(Expr::Code(code)),
            Token::Open => {
                let inner = self.sum()?;
                (self.next()? == Token::Close).then_some(inner)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn reads_and_evaluates_rules() {
        let rule = Rule::parse("N + T <= D").unwrap();
        assert_eq!(rule.codes(), ["N", "T", "D"]);
        assert_eq!(rule.holds(&values(&[("N", 30), ("T", 5), ("D", 40)])), Some(true));
        assert_eq!(rule.holds(&values(&[("N", 38), ("T", 5), ("D", 40)])), Some(false));
        assert_eq!(rule.holds(&values(&[("N", 38), ("D", 40)])), None);
        let rule = Rule::parse("2T <= T").unwrap();
        assert_eq!(rule.codes(), ["2T", "T"]);
        assert_eq!(rule.holds(&values(&[("2T", 3), ("T", 2)])), Some(false));
        let rule = Rule::parse("d == n+t + o + b").unwrap();
        assert_eq!(
            rule.sides(&values(&[("D", 9), ("N", 1), ("T", 2), ("O", 3), ("B", 4)])),
            Some((("D".into(), 9), ("N + T + O + B".into(), 10)))
        );
        assert_eq!(Rule::parse("2 * (K - 1) > S").unwrap().holds(&values(&[("K", 3), ("S", 3)])), Some(true));
    }

    #[test]
    fn refuses_broken_rules() {
        for bad in ["", "K", "K <=", "K <= S S", "K <= (S", "K => S", "K <= S;"] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }
}
