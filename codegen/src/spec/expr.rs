//! Conditions and actions of the rule tables, parsed and checked against the
//! closed vocabulary (see `vocabulary`).
//!
//! ```text
//! condition := or
//! or        := and ("or" and)*
//! and       := unary ("and" unary)*
//! unary     := "not" unary | "(" condition ")" | predicate
//! predicate := name | name "(" argument* ")"
//! argument  := device | field | value
//! device    := "target" | "subject" | "device(" field ")" | "gas-proxy-of(" device ")"
//! field     := body/Element/Element…
//! value     := word | '…'
//! ```

use super::vocabulary::{self, Param, Signature};

/// A byte range of the expression's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A problem at a position of the expression's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

fn error<T>(offset: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        offset,
        message: message.into(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Call(Call),
}

/// A predicate or an action with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: &'static str,
    pub args: Vec<Arg>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Device(DeviceTerm),
    Field(FieldPath),
    Literal(Literal),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceTerm {
    Target,
    Subject,
    Field(FieldPath),
    GasProxyOf(Box<DeviceTerm>),
}

/// `body/A/B`: element names below the request's body element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub steps: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub kind: Param,
    pub text: String,
    pub span: Span,
}

impl FieldPath {
    pub fn text(&self) -> String {
        format!("body/{}", self.steps.join("/"))
    }
}

impl Expr {
    /// Every call in the expression, depth first.
    pub fn calls(&self) -> Vec<&Call> {
        let mut out = Vec::new();
        self.collect_calls(&mut out);
        out
    }

    fn collect_calls<'e>(&'e self, out: &mut Vec<&'e Call>) {
        match self {
            Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| e.collect_calls(out)),
            Expr::Not(inner) => inner.collect_calls(out),
            Expr::Call(call) => out.push(call),
        }
    }

    /// Every body field the expression reads.
    pub fn fields(&self) -> Vec<&FieldPath> {
        self.calls().into_iter().flat_map(Call::fields).collect()
    }
}

impl Call {
    /// Every body field the call reads, devices named by fields included.
    pub fn fields(&self) -> Vec<&FieldPath> {
        fn device<'d>(d: &'d DeviceTerm, out: &mut Vec<&'d FieldPath>) {
            match d {
                DeviceTerm::Field(f) => out.push(f),
                DeviceTerm::GasProxyOf(inner) => device(inner, out),
                DeviceTerm::Target | DeviceTerm::Subject => {}
            }
        }
        let mut out = Vec::new();
        for arg in &self.args {
            match arg {
                Arg::Field(f) => out.push(f),
                Arg::Device(d) => device(d, &mut out),
                Arg::Literal(_) => {}
            }
        }
        out
    }

    /// The literal arguments.
    pub fn literals(&self) -> impl Iterator<Item = &Literal> {
        self.args.iter().filter_map(|a| match a {
            Arg::Literal(l) => Some(l),
            _ => None,
        })
    }
}

// ----- tokens ------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Open,
    Close,
    Word(String),
    Quoted(String),
}

fn tokenize(text: &str) -> Result<Vec<(Tok, Span)>, ExprError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                let tok = if c == '(' { Tok::Open } else { Tok::Close };
                out.push((
                    tok,
                    Span {
                        start,
                        end: start + 1,
                    },
                ));
            }
            '\'' => {
                chars.next();
                let mut value = String::new();
                let mut closed = None;
                for (i, c) in chars.by_ref() {
                    if c == '\'' {
                        closed = Some(i + 1);
                        break;
                    }
                    value.push(c);
                }
                let Some(end) = closed else {
                    return error(start, "unterminated quoted value: close it with '");
                };
                out.push((Tok::Quoted(value), Span { start, end }));
            }
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '\'') {
                        break;
                    }
                    if !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | '_' | '+')) {
                        return error(i, format!("unexpected character `{c}`"));
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                out.push((Tok::Word(text[start..end].to_owned()), Span { start, end }));
            }
        }
    }
    Ok(out)
}

// ----- parsing -----------------------------------------------------------------------------------

/// A call before its arguments are typed.
#[derive(Debug, Clone)]
enum Node {
    Word(String, Span),
    Quoted(String, Span),
    Apply(String, Vec<Node>, Span),
}

impl Node {
    fn span(&self) -> Span {
        match self {
            Node::Word(_, s) | Node::Quoted(_, s) | Node::Apply(_, _, s) => *s,
        }
    }
}

struct Parser<'t> {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    text: &'t str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map_or(self.text.len(), |(_, s)| s.start)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == word)
    }

    fn condition(&mut self, names: Names) -> Result<Expr, ExprError> {
        let mut items = vec![self.conjunction(names)?];
        while self.is_word("or") {
            self.pos += 1;
            items.push(self.conjunction(names)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn conjunction(&mut self, names: Names) -> Result<Expr, ExprError> {
        let mut items = vec![self.unary(names)?];
        while self.is_word("and") {
            self.pos += 1;
            items.push(self.unary(names)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, names: Names) -> Result<Expr, ExprError> {
        if self.is_word("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary(names)?)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.pos += 1;
            let inner = self.condition(names)?;
            if self.peek() != Some(&Tok::Close) {
                return error(self.here(), "expected `)`");
            }
            self.pos += 1;
            return Ok(inner);
        }
        let node = self.node()?;
        Ok(Expr::Call(typed_call(node, names)?))
    }

    /// A word, a quoted value, or a word applied to arguments.
    fn node(&mut self) -> Result<Node, ExprError> {
        let Some((tok, span)) = self.tokens.get(self.pos).cloned() else {
            return error(self.text.len(), "the condition ends too early");
        };
        self.pos += 1;
        match tok {
            Tok::Quoted(value) => Ok(Node::Quoted(value, span)),
            Tok::Open | Tok::Close => error(span.start, "expected a name"),
            Tok::Word(word) => {
                if self.peek() != Some(&Tok::Open) {
                    return Ok(Node::Word(word, span));
                }
                self.pos += 1;
                let mut args = Vec::new();
                loop {
                    match self.peek() {
                        Some(Tok::Close) => {
                            let end = self.tokens[self.pos].1.end;
                            self.pos += 1;
                            return Ok(Node::Apply(
                                word,
                                args,
                                Span {
                                    start: span.start,
                                    end,
                                },
                            ));
                        }
                        None => return error(self.text.len(), format!("`{word}(` is not closed")),
                        Some(_) => args.push(self.node()?),
                    }
                }
            }
        }
    }
}

/// Which names a call may use: predicates (conditions) or actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Predicates,
    Actions,
}

fn typed_call(node: Node, names: Names) -> Result<Call, ExprError> {
    let (name, args, span) = match node {
        Node::Word(name, span) => (name, Vec::new(), span),
        Node::Apply(name, args, span) => (name, args, span),
        Node::Quoted(_, span) => {
            return error(span.start, "expected a predicate, not a quoted value");
        }
    };
    let signature = match names {
        Names::Predicates => vocabulary::predicate(&name),
        Names::Actions => vocabulary::action(&name),
    };
    let Some(signature) = signature else {
        let known: Vec<&str> = match names {
            Names::Predicates => vocabulary::PREDICATES.iter().map(|s| s.name).collect(),
            Names::Actions => vocabulary::ACTIONS.iter().map(|s| s.name).collect(),
        };
        let what = if names == Names::Predicates {
            "predicate"
        } else {
            "action"
        };
        let closest = known
            .iter()
            .map(|k| (strsim::levenshtein(k, &name), *k))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        let message = match closest {
            Some((_, k)) => format!("unknown {what} `{name}`: did you mean `{k}`?"),
            None => format!("unknown {what} `{name}` (known: {})", known.join(", ")),
        };
        return error(span.start, message);
    };
    let args = typed_args(signature, args, span)?;
    Ok(Call {
        name: signature.name,
        args,
        span,
    })
}

fn typed_args(signature: &Signature, args: Vec<Node>, span: Span) -> Result<Vec<Arg>, ExprError> {
    let params = signature.params;
    let arity_ok = if signature.variadic {
        args.len() >= params.len()
    } else {
        args.len() == params.len()
    };
    if !arity_ok {
        let shape: Vec<&str> = params.iter().map(|p| vocabulary::param_name(*p)).collect();
        let more = if signature.variadic { "…" } else { "" };
        let usage = if params.is_empty() {
            format!("`{}` takes no arguments", signature.name)
        } else {
            format!("write `{}({}{more})`", signature.name, shape.join(" "))
        };
        return error(
            span.start,
            format!(
                "`{}` is given {} argument(s): {usage}",
                signature.name,
                args.len()
            ),
        );
    }
    let mut out = Vec::new();
    for (i, node) in args.into_iter().enumerate() {
        let param = params[i.min(params.len() - 1)];
        out.push(typed_arg(param, node)?);
    }
    Ok(out)
}

fn typed_arg(param: Param, node: Node) -> Result<Arg, ExprError> {
    match param {
        Param::Device => Ok(Arg::Device(device(node)?)),
        Param::Field => Ok(Arg::Field(field(node)?)),
        kind => {
            let (text, span) = match node {
                Node::Word(text, span) | Node::Quoted(text, span) => (text, span),
                Node::Apply(name, _, span) => {
                    return error(span.start, format!("expected a value, not `{name}(…)`"));
                }
            };
            check_literal(kind, &text, span)?;
            Ok(Arg::Literal(Literal { kind, text, span }))
        }
    }
}

fn check_literal(kind: Param, text: &str, span: Span) -> Result<(), ExprError> {
    let among = |what: &str, values: &[&str]| {
        if values.contains(&text) {
            Ok(())
        } else {
            error(
                span.start,
                format!("`{text}` is not a {what} (one of: {})", values.join(", ")),
            )
        }
    };
    match kind {
        Param::Status => among("device status", vocabulary::STATUSES),
        Param::DeviceType => among("device type", vocabulary::DEVICE_TYPES),
        Param::Role => among("User Role", vocabulary::ROLES),
        Param::Smets => among("SMETS generation", vocabulary::SMETS),
        Param::CommandVariant => among(
            "Command Variant",
            &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        ),
        Param::Srv => {
            let ok = text.split('.').count() >= 2
                && text
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if ok {
                Ok(())
            } else {
                error(
                    span.start,
                    format!("`{text}` is not a Service Reference Variant (e.g. 8.8.1)"),
                )
            }
        }
        Param::Value | Param::Device | Param::Field => Ok(()),
    }
}

fn device(node: Node) -> Result<DeviceTerm, ExprError> {
    match node {
        Node::Word(word, _) if word == "target" => Ok(DeviceTerm::Target),
        Node::Word(word, _) if word == "subject" => Ok(DeviceTerm::Subject),
        Node::Apply(name, mut args, span) if name == "device" && args.len() == 1 => {
            Ok(DeviceTerm::Field(field(args.remove(0)).map_err(|e| {
                ExprError {
                    offset: span.start,
                    ..e
                }
            })?))
        }
        Node::Apply(name, mut args, _) if name == "gas-proxy-of" && args.len() == 1 => {
            Ok(DeviceTerm::GasProxyOf(Box::new(device(args.remove(0))?)))
        }
        other => error(
            other.span().start,
            "expected a device: `target`, `subject`, `device(body/…)` or `gas-proxy-of(…)`",
        ),
    }
}

fn field(node: Node) -> Result<FieldPath, ExprError> {
    if let Node::Word(word, span) = &node
        && let Some(path) = word.strip_prefix("body/")
    {
        let steps: Vec<String> = path.split('/').map(str::to_owned).collect();
        if steps.iter().all(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        }) {
            return Ok(FieldPath { steps, span: *span });
        }
    }
    error(
        node.span().start,
        "expected a body field: `body/` then element names separated by `/`",
    )
}

/// Parses a condition (`when`, `unless`, `check`).
pub fn parse_condition(text: &str) -> Result<Expr, ExprError> {
    parse(text, Names::Predicates)
}

/// Parses an action of additional processing: one call.
pub fn parse_action(text: &str) -> Result<Call, ExprError> {
    match parse(text, Names::Actions)? {
        Expr::Call(call) => Ok(call),
        _ => error(0, "an action is one call, without `and`, `or` or `not`"),
    }
}

fn parse(text: &str, names: Names) -> Result<Expr, ExprError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return error(0, "empty condition");
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        text,
    };
    let expr = parser.condition(names)?;
    if parser.pos < parser.tokens.len() {
        let at = parser.here();
        return error(
            at,
            "unexpected text after the condition (join conditions with `and` or `or`)",
        );
    }
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_with_precedence() {
        let e = parse_condition(
            "role-in(OU) or critical and smets(target SMETS2) or not (srv-in(6.15.1) and role-in(ED GT))",
        )
        .expect("parses");
        let Expr::Or(items) = &e else { panic!("{e:?}") };
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[1], Expr::And(parts) if parts.len() == 2));
        assert!(matches!(&items[2], Expr::Not(_)));
        let names: Vec<&str> = e.calls().iter().map(|c| c.name).collect();
        assert_eq!(names, ["role-in", "critical", "smets", "srv-in", "role-in"]);
    }

    #[test]
    fn devices_fields_and_quoted_values() {
        let e = parse_condition(
            "joined(target device(body/OtherDeviceID)) and csp-wan-variant-in(body/UPRN ' ' 'No Coverage Intended')",
        )
        .expect("parses");
        let fields: Vec<String> = e.fields().iter().map(|f| f.text()).collect();
        assert_eq!(fields, ["body/OtherDeviceID", "body/UPRN"]);
        let values: Vec<&str> = e.calls()[1].literals().map(|l| l.text.as_str()).collect();
        assert_eq!(values, [" ", "No Coverage Intended"]);
        let a = parse_action(
            "set-status(gas-proxy-of(device(body/DeviceID)) InstalledNotCommissioned)",
        )
        .expect("parses");
        assert!(matches!(&a.args[0], Arg::Device(DeviceTerm::GasProxyOf(_))));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let at = |text: &str| parse_condition(text).expect_err(text);
        let e = at("user-known and joined-up(target)");
        assert_eq!(e.offset, 15);
        assert_eq!(
            e.message,
            "unknown predicate `joined-up`: did you mean `joined`?"
        );
        assert!(
            at("frobnicate")
                .message
                .contains("(known: user-known, role-eligible")
        );
        let e = at("status-in(target Comissioned)");
        assert_eq!(e.offset, 17);
        assert!(e.message.contains("not a device status"), "{}", e.message);
        let e = at("joined(target)");
        assert!(e.message.contains("write `joined(D D)`"), "{}", e.message);
        assert_eq!(at("user-known user-active").offset, 11);
        assert_eq!(at("(user-known").offset, 11);
        assert_eq!(at("value-in(body/X 'open)").offset, 16);
        assert!(
            at("type-in(OtherDeviceID CHF)")
                .message
                .starts_with("expected a device")
        );
        assert!(parse_action("user-known").is_err());
    }
}
