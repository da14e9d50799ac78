//! The pull decoder the generated `decode` functions drive.

use std::borrow::Cow;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::parser::{ElementParser, Parser};
use quick_xml::reader::Reader;

use super::any::AnyElement;
use super::attributes::{AttributeView, Attrs, check_uses};
use super::namespaces::{DeclareError, Namespaces};
use super::{
    AttributeType, Content, Group, Ids, Name, Ns, ProcessContents, Schema, SimpleContentType,
    TypeName, Validator, Wildcard, WildcardNamespaces, XS_QNAME,
};
use crate::chars;
use crate::error::{DecodeError, Reason, ValueError, clip, clip_to, quote};
use crate::value::{SimpleValue, normalize};

/// Resource bounds. The defaults admit every valid DUIS message (the largest
/// is an `UpdateFirmware` request whose `FirmwareImage` may hold 10,240,000
/// octets, about 13.65 MB of base64 text) and refuse anything far beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_document_bytes: usize,
    /// Deepest element nesting.
    pub max_depth: usize,
    /// Most attributes (namespace declarations included) on one element.
    pub max_attributes: usize,
    /// Largest character content of one element, in bytes.
    pub max_text_bytes: usize,
    /// Most namespace declarations in scope at once (each element's name is
    /// looked up among them).
    pub max_namespaces_in_scope: usize,
    /// Most elements that wildcards (in DUIS, only those of `ds:Signature`,
    /// which DUIS messages leave empty) may take in one document: the
    /// decoder keeps them as a generic tree, which costs far more memory
    /// than their text.
    pub max_wildcard_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 32 * 1024 * 1024,
            max_depth: 64,
            max_attributes: 64,
            max_text_bytes: 16 * 1024 * 1024,
            max_namespaces_in_scope: 256,
            max_wildcard_elements: 10_000,
        }
    }
}

/// A start tag that has been read: the element's name and its attributes.
///
/// Small and `Copy`: the decoder reads the next start tag ahead (to see which
/// particle of a content model it begins) and hands it on by value.
#[derive(Clone, Copy)]
pub struct Start<'a> {
    pub name: Name<'a>,
    /// The tag between `<` and `>` (or `/>`): the name, then the attributes.
    /// A slice of the input, just after the `<`.
    tag: &'a str,
    name_len: u32,
    /// How many namespace bindings the tag declared.
    declared: u32,
    /// Whether the tag is an empty-element tag (`<x/>`): no end tag follows.
    empty: bool,
}

impl<'a> Start<'a> {
    const NONE: Start<'static> = Start {
        name: Name {
            ns: Ns::NONE,
            local: "",
        },
        tag: "",
        name_len: 0,
        declared: 0,
        empty: false,
    };

    /// The element's name as written (`prefix:local`).
    pub(crate) fn qname(&self) -> &'a str {
        self.tag.get(..self.name_len as usize).unwrap_or(self.tag)
    }

    /// The tag between `<` and `>` (or `/>`).
    pub(crate) fn tag(&self) -> &'a str {
        self.tag
    }

    /// The text of the tag after the name.
    pub(crate) fn attributes_raw(&self) -> &'a str {
        self.tag.get(self.name_len as usize..).unwrap_or("")
    }
}

/// What the decoder has read ahead of the generated code: nothing, a start
/// tag (in [`Decoder::ahead`]), the end of the current element, or the end
/// of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Peeked {
    Nothing,
    Start,
    End,
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    ElementOnly,
    Mixed,
    Empty,
}

struct Frame<'a> {
    name: Name<'a>,
    /// The name as written, a slice of the input (which also gives the
    /// element's position).
    qname: &'a str,
    declared: u32,
    index: u32,
    mode: Mode,
    last_child: Option<(Name<'a>, u32)>,
}

/// Decodes one document, element by element, as the generated code asks.
pub struct Decoder<'a> {
    reader: Reader<&'a [u8]>,
    namespaces: Namespaces<'a>,
    input: &'a str,
    schema: &'static Schema,
    limits: Limits,
    peeked: Peeked,
    /// The start tag read ahead, when `peeked` is [`Peeked::Start`].
    ahead: Start<'a>,
    /// The element just entered was an empty-element tag: its end is the
    /// next event.
    pending_end: bool,
    stack: Vec<Frame<'a>>,
    ids: Ids,
    /// How many elements wildcards have taken so far.
    captured: usize,
    /// How far the parser's positions lag behind the input's: the bytes the
    /// decoder consumed itself, past the parser (see
    /// [`Decoder::plain_text`]), and where a renewed parser started (see
    /// [`Decoder::renew_parser`]).
    skipped: usize,
    /// Whether the parser's last event ended with markup (a tag, comment,
    /// reference...), so that it is in the middle of nothing: the decoder
    /// may then read on from its position itself.
    at_boundary: bool,
    /// Where a syntax error the decoder found itself is (a byte offset).
    error_offset: Option<usize>,
    /// Start tags the parser has read and not seen closed: it keeps their
    /// names, and the end tags the decoder reads itself never remove them.
    parser_open: usize,
    /// The declared type, when it has a name, of the element whose
    /// attributes are read next (for `xsi:type`, which they may hold).
    declared_type: Option<TypeName>,
    /// The checks of the simple type the `xsi:type` of the element being
    /// read names, when that is a type derived from the declared one: they
    /// apply to its character data as well (read before any other element).
    xsi_type: Option<Validator>,
    /// The list the attributes of each tag are read into, in turn (see
    /// [`Decoder::lend_attribute_list`]).
    attribute_list: Attrs<'a>,
    /// Whether the document has a carriage return anywhere (line ends to
    /// normalise in character data).
    has_cr: bool,
}

/// How many names the parser may keep for elements the decoder has closed
/// before it is given a fresh start (see [`Decoder::renew_parser`]).
const PARSER_OPEN_BOUND: usize = 64;

impl<'a> Decoder<'a> {
    /// Decodes a whole document: `root` is called with the root element's name
    /// (nothing consumed yet) and normally calls [`Decoder::take`].
    pub fn decode_document<T>(
        input: &'a str,
        schema: &'static Schema,
        limits: Limits,
        root: impl FnOnce(&mut Self, Name<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        Self::decode_document_in(input, schema, limits, &mut Ids::new(), root)
    }

    /// Validates a document whose root element has type `T`, inside another
    /// document whose IDs are `ids`: an `xs:ID` value is unique across both,
    /// and the document's own IDs are added. The root's name is not
    /// checked: it is a global element of type `T` (see
    /// [`Schema::validate_global`]), or an element whose `xsi:type` names
    /// `T` (see [`super::ComplexType`]), admitted by a wildcard.
    pub fn validate_nested<T: Content>(
        input: &str,
        schema: &'static Schema,
        ids: &mut Ids,
    ) -> Result<(), DecodeError> {
        // A function pointer, not a closure of its own for each `T`: every
        // type shares one copy of `decode_document_in`.
        let root: for<'x, 'b> fn(&'x mut Decoder<'b>, Name<'b>) -> Result<(), DecodeError> =
            |d, _| d.take::<T>().map(drop);
        Decoder::decode_document_in(input, schema, Limits::default(), ids, root)
    }

    /// [`Decoder::decode_document`], the document's IDs added to `ids`
    /// (and checked against those there).
    fn decode_document_in<T>(
        input: &'a str,
        schema: &'static Schema,
        limits: Limits,
        ids: &mut Ids,
        root: impl FnOnce(&mut Self, Name<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let input = input.strip_prefix('\u{feff}').unwrap_or(input);
        if input.len() > limits.max_document_bytes {
            return Err(DecodeError::new(
                "",
                Reason::Limit(format!(
                    "the document is {} bytes; at most {} are accepted",
                    input.len(),
                    limits.max_document_bytes
                )),
            ));
        }
        if let Some((offset, c)) = chars::first_invalid_char(input) {
            return Err(DecodeError::new(
                "",
                Reason::Syntax(format!(
                    "character U+{:04X} is not allowed in XML",
                    u32::from(c)
                )),
            )
            .at(Some(line_column(input, offset))));
        }
        let mut d = Decoder {
            reader: parser(input),
            namespaces: Namespaces::new(),
            input,
            schema,
            limits,
            peeked: Peeked::Nothing,
            ahead: Start::NONE,
            pending_end: false,
            stack: Vec::with_capacity(16),
            ids: std::mem::take(ids),
            captured: 0,
            skipped: 0,
            at_boundary: true,
            error_offset: None,
            parser_open: 0,
            declared_type: None,
            xsi_type: None,
            attribute_list: Vec::new(),
            has_cr: memchr::memchr(b'\r', input.as_bytes()).is_some(),
        };
        let value = d.document(root);
        *ids = std::mem::take(&mut d.ids);
        value.map_err(|e| {
            let syntax = matches!(e.reason(), Reason::Syntax(_));
            let position = d.position(syntax);
            e.at(Some(position))
        })
    }

    fn document<T>(
        &mut self,
        root: impl FnOnce(&mut Self, Name<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let name = match self.fill()? {
            Peeked::Start => self.ahead.name,
            _ => {
                return Err(self.error(Reason::Syntax("the document has no root element".into())));
            }
        };
        let value = root(self, name)?;
        match self.fill()? {
            Peeked::Eof => Ok(value),
            Peeked::Start => {
                let found = self.display_start(&self.ahead);
                Err(self.error(Reason::Syntax(format!(
                    "a second root element `{found}` follows the first"
                ))))
            }
            _ => Err(self.error(Reason::Syntax("unbalanced end tag".into()))),
        }
    }

    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    // ----- positions and errors ----------------------------------------------------------

    /// Where the current problem is: where the decoder placed it (a start
    /// tag it could not enter), the element it looked at last (the peeked
    /// child, or the element being decoded), or the parser's position for
    /// syntax errors.
    fn position(&self, syntax: bool) -> (u32, u32) {
        let parser_error = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let offset = match self.error_offset {
            Some(offset) => offset,
            _ if syntax && parser_error > 0 => parser_error.saturating_add(self.skipped),
            _ => match (self.peeked, self.stack.last()) {
                (Peeked::Start, _) => self.offset_of(self.ahead.tag),
                (_, Some(frame)) => self.offset_of(frame.qname),
                _ => self.parser_position(),
            },
        };
        line_column(self.input, offset.min(self.input.len()))
    }

    /// Byte offset of the `<` of a tag, given its name (a slice of the input
    /// just after the `<`).
    fn offset_of(&self, name: &str) -> usize {
        self.offset_in_input(name.as_bytes()).saturating_sub(1)
    }

    /// Byte offset in the input of a slice of it.
    fn offset_in_input(&self, slice: &[u8]) -> usize {
        (slice.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize)
    }

    /// The element path of the current element.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            path.push('/');
            match self.schema.prefix_of(frame.name.ns) {
                Some(prefix) => {
                    path.push_str(prefix);
                    path.push(':');
                    path.push_str(frame.name.local);
                }
                None => path.push_str(&clip(frame.qname)),
            }
            if frame.index > 1 {
                path.push_str(&format!("[{}]", frame.index));
            }
        }
        path
    }

    /// An error at the current element.
    #[cold]
    #[inline(never)]
    pub fn error(&self, reason: Reason) -> DecodeError {
        DecodeError::new(self.path(), reason)
    }

    #[cold]
    #[inline(never)]
    fn syntax(&self, error: impl std::fmt::Display) -> DecodeError {
        self.error(Reason::Syntax(error.to_string()))
    }

    fn display_start(&self, start: &Start<'_>) -> String {
        match self.schema.prefix_of(start.name.ns) {
            Some(_) => clip(&self.schema.display(start.name)),
            None => clip(start.qname()),
        }
    }

    /// The error for a root element that is not the one expected.
    #[cold]
    #[inline(never)]
    pub fn wrong_root(&mut self, expected: &str) -> DecodeError {
        let found = match self.peeked {
            Peeked::Start => self.display_start(&self.ahead),
            _ => String::from("(none)"),
        };
        self.error(Reason::WrongRoot {
            found,
            expected: expected.to_owned(),
        })
    }

    /// The error for an element (or the end of the parent) where `expected`
    /// was expected.
    #[cold]
    #[inline(never)]
    pub fn unexpected(&mut self, expected: &str) -> DecodeError {
        match self.peeked {
            Peeked::Start => {
                let found = self.display_start(&self.ahead);
                self.error(Reason::UnexpectedElement {
                    found,
                    expected: expected.to_owned(),
                })
            }
            _ => self.error(Reason::MissingElement {
                expected: expected.to_owned(),
            }),
        }
    }

    // ----- events ------------------------------------------------------------------------

    /// The same text as `s`, with the lifetime of the input: names in events
    /// borrow from the event, but they are slices of the input (the reader
    /// reads from a string in memory).
    fn rebase(&self, s: &str) -> &'a str {
        rebase(self.input, s)
    }

    /// A start tag, read into `self.ahead`: its namespace declarations take
    /// effect, and its name is resolved. Written in place rather than
    /// returned: moving a `Start` out of a `Result` made the compiler copy its
    /// padding with overlapping loads and stores, which stall (store
    /// forwarding fails), on every start tag.
    fn start(&mut self, raw: BytesStart<'a>, empty: bool) -> Result<(), DecodeError> {
        let tag = rebase(self.input, &raw);
        let name_len = raw.name().0.len();
        let qname = tag.get(..name_len).unwrap_or(tag);
        let declared = match self
            .namespaces
            .declare(self.schema, tag, name_len, &self.limits)
        {
            Ok(declared) => declared,
            Err(DeclareError::Syntax(m)) => {
                return Err(self.error_in_tag(qname, Reason::Syntax(m)));
            }
            Err(DeclareError::TooManyAttributes) => {
                let reason = self.attribute_limit();
                return Err(self.error_in_tag(qname, reason));
            }
            Err(DeclareError::TooManyNamespaces) => {
                let reason = Reason::Limit(format!(
                    "more than {} namespace declarations in scope",
                    self.limits.max_namespaces_in_scope
                ));
                return Err(self.error_in_tag(qname, reason));
            }
        };
        let resolved = match self.namespaces.element(qname) {
            Ok(resolved) => resolved,
            Err(m) => return Err(self.error_in_tag(qname, Reason::Syntax(m))),
        };
        self.ahead = Start {
            name: Name {
                ns: resolved.ns,
                local: resolved.local,
            },
            tag,
            // A name is shorter than the document, whose size is bounded
            // far below 4 GB (`Limits::max_document_bytes`).
            name_len: name_len as u32,
            declared: declared as u32,
            empty,
        };
        Ok(())
    }

    /// An error in a start tag whose element is not entered yet (its
    /// namespace declarations or its name): placed at the tag, its path
    /// ending with the tag's name as written.
    #[cold]
    #[inline(never)]
    fn error_in_tag(&mut self, qname: &'a str, reason: Reason) -> DecodeError {
        self.error_offset = Some(self.offset_of(qname));
        DecodeError::new(format!("{}/{}", self.path(), clip(qname)), reason)
    }

    /// The namespace URI of a start tag's name when it is not one of the
    /// schema's (while the tag's declarations are in scope).
    fn other_uri(&self, start: &Start<'a>) -> Option<&str> {
        if start.name.ns == Ns::OTHER {
            self.namespaces.uri(start.qname(), true)
        } else {
            None
        }
    }

    /// A start tag met in the current element's content: read ahead.
    fn child_start(&mut self, raw: BytesStart<'a>, empty: bool) -> Result<Peeked, DecodeError> {
        if self.mode() == Mode::Empty && !self.stack.is_empty() {
            return Err(self.error(Reason::UnexpectedElement {
                found: clip(raw.name().0),
                expected: "no content (the element's type is empty)".to_owned(),
            }));
        }
        self.start(raw, empty)?;
        Ok(Peeked::Start)
    }

    /// The next event of the parser, or the end of an empty-element tag
    /// just entered.
    fn read(&mut self) -> Result<Event<'a>, DecodeError> {
        if self.pending_end {
            self.pending_end = false;
            return Ok(Event::End(BytesEnd::new("")));
        }
        match self.reader.read_event() {
            Ok(Event::End(end)) => {
                self.at_boundary = true;
                self.parser_open = self.parser_open.saturating_sub(1);
                self.check_end_tag(end.name().as_ref())?;
                Ok(Event::End(end))
            }
            Ok(Event::Start(start)) => {
                self.at_boundary = true;
                self.parser_open += 1;
                Ok(Event::Start(start))
            }
            Ok(event) => {
                self.at_boundary = !matches!(event, Event::Text(_));
                Ok(event)
            }
            Err(e) => {
                // quick-xml's messages quote names, which may be huge.
                let message = clip_to(&e.to_string(), 400);
                Err(self.syntax(message))
            }
        }
    }

    /// An end tag read by the parser must close the current element.
    fn check_end_tag(&mut self, name: &str) -> Result<(), DecodeError> {
        match self.stack.last() {
            Some(frame) if frame.qname == name => Ok(()),
            current => {
                let message = match current {
                    Some(frame) => format!(
                        "ill-formed document: expected `</{}>`, but `</{}>` was found",
                        clip(frame.qname),
                        clip(name)
                    ),
                    None => format!(
                        "ill-formed document: close tag `</{}>` does not match any open tag",
                        clip(name)
                    ),
                };
                // The error is at the `<` of the end tag, two bytes before its name.
                self.error_offset = Some(self.offset_of(name).saturating_sub(1));
                Err(self.syntax(message))
            }
        }
    }

    /// The parser's position in the input.
    fn parser_position(&self) -> usize {
        usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .saturating_add(self.skipped)
    }

    /// The input the parser has not read yet.
    fn unread(&self) -> &'a [u8] {
        self.reader.get_ref()
    }

    /// Consumes `n` bytes of the input past the parser, which the decoder
    /// has read itself.
    fn consume(&mut self, n: usize) {
        let rest = self.reader.get_mut();
        *rest = rest.get(n..).unwrap_or_default();
        self.skipped += n;
    }

    /// Gives the parser a fresh start at its position when it keeps too
    /// many names of elements the decoder has closed itself (the parser
    /// stacks the name of every start tag, to check end tags, which the
    /// decoder does instead): without this, they would pile up, as many as
    /// the document has elements. Only at a `<` between markup, where a
    /// new parser starts just as the old one would go on.
    fn renew_parser(&mut self) {
        let rest = self.unread();
        if self.parser_open <= PARSER_OPEN_BOUND || rest.first() != Some(&b'<') {
            return;
        }
        // The same configuration (end tags are the decoder's to check).
        let config = self.reader.config().clone();
        let mut reader = Reader::from_reader(rest);
        *reader.config_mut() = config;
        self.reader = reader;
        self.skipped = self.offset_in_input(rest);
        self.parser_open = 0;
    }

    /// The fast path for the content of most elements: character data with
    /// no markup and no references, then the element's own end tag
    /// (`value</name>`). When that is what follows, the decoder reads it
    /// itself (one search for `<` and `&`, one comparison of the name)
    /// instead of taking it from the parser as two events; anything else is
    /// left to the parser.
    fn plain_text(&mut self) -> Option<&'a str> {
        if self.pending_end || !self.at_boundary || self.peeked != Peeked::Nothing {
            return None;
        }
        let qname = self.stack.last()?.qname;
        let rest = self.unread();
        // A reference, a possible `]]>`, or line ends to normalise (only in
        // a document that has a carriage return at all): the parser's way.
        let i = memchr::memchr3(b'<', b'&', b'>', rest)?;
        let value = rest.get(..i)?;
        if rest[i] != b'<' || (self.has_cr && memchr::memchr(b'\r', value).is_some()) {
            return None;
        }
        let end = end_tag_len(rest.get(i..)?, qname)?;
        let offset = self.offset_in_input(value);
        let value = self.input.get(offset..offset.checked_add(i)?)?;
        if value.len() > self.limits.max_text_bytes {
            return None;
        }
        self.consume(i + end);
        Some(value)
    }

    /// The fast path between the children of an element: the decoder skips
    /// indentation itself (in element-only content it means nothing; in
    /// mixed content it is text, which the typed models do not keep, and
    /// which needs no check), and reads the element's end tag itself when
    /// that is what follows.
    fn plain_end(&mut self) -> bool {
        if self.pending_end || !self.at_boundary {
            return false;
        }
        let Some(frame) = self.stack.last() else {
            return false;
        };
        let (qname, mode) = (frame.qname, frame.mode);
        let mut rest = self.unread();
        if mode != Mode::Empty {
            self.consume(chars::blank_prefix_len(rest));
            self.renew_parser();
            rest = self.unread();
        }
        match end_tag_len(rest, qname) {
            Some(end) => {
                self.consume(end);
                true
            }
            None => false,
        }
    }

    /// The fast path for start tags between markup: the decoder finds the
    /// tag's end with the parser's own element scanner (a `>` outside
    /// quoted attribute values) and takes the tag from the input itself.
    /// The parser would do the same, and also check that the tag is UTF-8
    /// (the input is a `str` already) and stack its name to check the end
    /// tag (which the decoder does itself): a stack that grows with each
    /// message, allocation by allocation. Comments, processing
    /// instructions, end tags and tags without an end are left to the
    /// parser. So is the start of the document, before the parser's first
    /// event (it reads the XML declaration there).
    fn plain_start(&mut self) -> Option<(BytesStart<'a>, bool)> {
        if self.pending_end || !self.at_boundary {
            return None;
        }
        let mut rest = self.unread();
        if self.stack.is_empty() {
            if self.parser_position() == 0 {
                return None;
            }
            // Outside the root element, whitespace means nothing.
            self.consume(chars::blank_prefix_len(rest));
            rest = self.unread();
        }
        if rest.first() != Some(&b'<') || matches!(rest.get(1), Some(b'!' | b'/' | b'?') | None) {
            return None;
        }
        let close = ElementParser::default().feed(rest)?;
        // Between `<` and `>` (or `/>`): ASCII bytes, so character boundaries.
        let inner = rest.get(1..close)?;
        let (inner, empty) = match inner.strip_suffix(b"/") {
            Some(inner) => (inner, true),
            None => (inner, false),
        };
        let offset = self.offset_in_input(inner);
        let content = self.input.get(offset..offset.checked_add(inner.len())?)?;
        let name_len = chars::until_blank_len(inner);
        self.consume(close + 1);
        Some((BytesStart::from_content(content, name_len), empty))
    }

    /// Whether the parser skips whitespace at the start of character data
    /// (so that indentation between elements makes no event at all).
    fn skip_blank_text(&mut self, skip: bool) {
        self.reader.config_mut().trim_text_start = skip;
    }

    fn mode(&self) -> Mode {
        self.stack.last().map_or(Mode::ElementOnly, |f| f.mode)
    }

    /// Reads ahead (unless already done) the next start tag, end tag or end
    /// of document; character data between them is checked against the
    /// current element's content type. A start tag is in `self.ahead`.
    fn fill(&mut self) -> Result<Peeked, DecodeError> {
        if self.peeked == Peeked::Nothing {
            self.peeked = self.read_token()?;
        }
        Ok(self.peeked)
    }

    /// Reads the next start tag (into `self.ahead`), end tag or end of
    /// document: by the fast paths when they apply (again after each
    /// comment, processing instruction or declaration), otherwise from the
    /// parser.
    fn read_token(&mut self) -> Result<Peeked, DecodeError> {
        loop {
            if self.plain_end() {
                return Ok(Peeked::End);
            }
            if let Some((raw, empty)) = self.plain_start() {
                return self.child_start(raw, empty);
            }
            // Whitespace between elements is skipped by the parser, without an
            // event; in empty content it is an error, so it must be seen there.
            self.skip_blank_text(self.mode() != Mode::Empty);
            match self.read()? {
                Event::Start(raw) => return self.child_start(raw, false),
                Event::Empty(raw) => return self.child_start(raw, true),
                Event::End(_) => return Ok(Peeked::End),
                Event::Eof => {
                    if let Some(frame) = self.stack.last() {
                        return Err(self.syntax(format!(
                            "the document ends before `{}` is closed",
                            frame.qname
                        )));
                    }
                    return Ok(Peeked::Eof);
                }
                Event::Text(text) => {
                    let content: &str = &text;
                    // Indentation between elements: nothing more to check.
                    if is_blank(content) && self.mode() != Mode::Empty {
                        continue;
                    }
                    self.check_char_data(content)?;
                    self.character_data(content, false)?;
                }
                Event::CData(data) => {
                    let content: &str = &data;
                    self.character_data(content, true)?;
                }
                Event::GeneralRef(reference) => {
                    let c = self.resolve_reference(&reference)?;
                    let mut buf = [0u8; 4];
                    self.character_data(c.encode_utf8(&mut buf), true)?;
                }
                Event::Comment(_) => {}
                Event::PI(pi) => self.check_pi(pi.target())?,
                Event::Decl(_) => self.check_decl()?,
                Event::DocType(_) => {
                    return Err(self.syntax(
                        "a document type declaration (DOCTYPE) is not allowed: DUIS messages have none, and entities are never expanded",
                    ));
                }
            }
        }
    }

    /// Character data between tags: whitespace in element-only content, any
    /// text in mixed content, nothing at all in empty content or outside the root.
    fn character_data(&self, text: &str, explicit: bool) -> Result<(), DecodeError> {
        let blank = is_blank(text);
        if self.stack.is_empty() {
            if blank && !explicit {
                return Ok(());
            }
            return Err(self.syntax("character data outside the root element"));
        }
        match self.mode() {
            Mode::Mixed => Ok(()),
            Mode::ElementOnly if blank => Ok(()),
            Mode::Empty if text.is_empty() => Ok(()),
            Mode::Empty => Err(self.error(Reason::Other(
                "character data is not allowed: the element's type is empty".into(),
            ))),
            Mode::ElementOnly => Err(self.error(Reason::UnexpectedText)),
        }
    }

    /// Character data may not contain `]]>` (XML 1.0, production 14).
    fn check_char_data(&self, text: &str) -> Result<(), DecodeError> {
        if text.as_bytes().contains(&b'>') && text.contains("]]>") {
            return Err(self.syntax("`]]>` is not allowed in character data"));
        }
        Ok(())
    }

    fn resolve_reference(&self, reference: &str) -> Result<char, DecodeError> {
        let c = if let Some(number) = reference.strip_prefix('#') {
            let value = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            value
                .filter(|_| !number.contains(['+', '-']))
                .and_then(char::from_u32)
                .filter(|&c| chars::is_xml_char(c))
        } else {
            match reference {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "quot" => Some('"'),
                _ => {
                    return Err(self.syntax(format!(
                        "reference to undeclared entity `&{reference};` (entities are never resolved)"
                    )));
                }
            }
        };
        c.ok_or_else(|| self.syntax(format!("invalid character reference `&{reference};`")))
    }

    fn check_pi(&self, target: &str) -> Result<(), DecodeError> {
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.syntax("an XML declaration is only allowed at the very start"));
        }
        if !chars::is_name(target) || target.contains(':') {
            return Err(self.syntax(format!("invalid processing instruction target `{target}`")));
        }
        Ok(())
    }

    /// The XML declaration: only at the very start, and strictly formed.
    fn check_decl(&self) -> Result<(), DecodeError> {
        // Where the first `?>` ends, searched up to where the parser is (a
        // `?>` beyond it cannot end there).
        let position = self.parser_position();
        let read = self.input.as_bytes().get(..position).unwrap_or_default();
        let end = memchr::memchr_iter(b'?', read)
            .find(|&i| read.get(i + 1) == Some(&b'>'))
            .map_or(usize::MAX, |i| i + 2);
        let at_start = position == end && self.input.starts_with("<?xml");
        if !at_start {
            return Err(self.syntax("an XML declaration is only allowed at the very start"));
        }
        super::declaration::check(&self.input[5..end - 2]).map_err(|m| self.syntax(m))
    }

    fn push(&mut self, start: &Start<'a>) -> Result<(), DecodeError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(Reason::Limit(format!(
                "elements are nested more than {} deep",
                self.limits.max_depth
            ))));
        }
        let index = match self.stack.last_mut() {
            Some(parent) => {
                let index = match parent.last_child {
                    Some((name, n))
                        if name.ns == start.name.ns
                            && chars::same_bytes(
                                name.local.as_bytes(),
                                start.name.local.as_bytes(),
                            ) =>
                    {
                        n + 1
                    }
                    _ => 1,
                };
                parent.last_child = Some((start.name, index));
                index
            }
            None => 1,
        };
        self.stack.push(Frame {
            name: start.name,
            qname: start.qname(),
            declared: start.declared,
            index,
            mode: Mode::ElementOnly,
            last_child: None,
        });
        self.pending_end = start.empty;
        Ok(())
    }

    #[inline(never)]
    fn close(&mut self) -> Result<(), DecodeError> {
        match self.fill()? {
            Peeked::End => {
                self.peeked = Peeked::Nothing;
                if let Some(frame) = self.stack.pop() {
                    self.namespaces.pop(frame.declared as usize);
                }
                Ok(())
            }
            Peeked::Start => {
                let found = self.display_start(&self.ahead);
                let expected =
                    format!("the end of `{}`", self.stack.last().map_or("", |f| f.qname));
                Err(self.error(Reason::UnexpectedElement { found, expected }))
            }
            Peeked::Eof | Peeked::Nothing => Err(self.syntax("unexpected end of document")),
        }
    }

    // ----- content models ----------------------------------------------------------------

    /// The name of the next child element, or `None` at the end of the
    /// current element.
    pub fn peek(&mut self) -> Result<Option<Name<'a>>, DecodeError> {
        Ok(match self.fill()? {
            Peeked::Start => Some(self.ahead.name),
            _ => None,
        })
    }

    /// The start tag read ahead, now consumed; `None` if there is none.
    fn take_start(&mut self) -> Option<Start<'a>> {
        if self.peeked == Peeked::Start {
            self.peeked = Peeked::Nothing;
            Some(self.ahead)
        } else {
            None
        }
    }

    /// Decodes the element that [`Decoder::peek`] returned, as a `T`.
    pub fn take<T: Content>(&mut self) -> Result<T, DecodeError> {
        let Some(start) = self.take_start() else {
            return Err(self.error(Reason::Other(
                "internal error: no element to decode (call peek first)".into(),
            )));
        };
        T::decode_element(self, &start)
    }

    /// Decodes an element whose start tag has been read, its end tag included.
    pub(crate) fn element<T: Content>(&mut self, start: &Start<'a>) -> Result<T, DecodeError> {
        self.enter(start, T::XSD_TYPE)?;
        let value = T::decode(self, start)?;
        self.close()?;
        Ok(value)
    }

    /// Enters an element whose start tag has been read, of the declared
    /// type `declared`. Not inlined, like the other steps every element
    /// takes: one copy of them is shared by the decoding functions of all
    /// types (which are many), and stays in the instruction cache.
    #[inline(never)]
    fn enter(&mut self, start: &Start<'a>, declared: Option<TypeName>) -> Result<(), DecodeError> {
        self.push(start)?;
        self.declared_type = declared;
        Ok(())
    }

    fn next_is(&mut self, ns: Ns, local: &str) -> Result<bool, DecodeError> {
        Ok(self.fill()? == Peeked::Start
            && self.ahead.name.ns == ns
            && chars::same_bytes(self.ahead.name.local.as_bytes(), local.as_bytes()))
    }

    fn expected_name(&self, ns: Ns, local: &str) -> String {
        format!("element `{}`", self.schema.display(Name { ns, local }))
    }

    /// Decodes a required element.
    pub fn required<T: Content>(&mut self, ns: Ns, local: &str) -> Result<T, DecodeError> {
        if self.next_is(ns, local)? {
            self.take()
        } else {
            Err(self.missing(ns, local))
        }
    }

    /// The error for a required element that is not next.
    #[cold]
    #[inline(never)]
    fn missing(&mut self, ns: Ns, local: &str) -> DecodeError {
        let expected = self.expected_name(ns, local);
        self.unexpected(&expected)
    }

    /// Decodes an optional element.
    pub fn optional<T: Content>(&mut self, ns: Ns, local: &str) -> Result<Option<T>, DecodeError> {
        if self.next_is(ns, local)? {
            self.take().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Decodes an optional element with a default value: an empty element
    /// takes the default.
    pub fn optional_default<T: SimpleValue>(
        &mut self,
        ns: Ns,
        local: &str,
        default: &str,
    ) -> Result<Option<T>, DecodeError> {
        if !self.next_is(ns, local)? {
            return Ok(None);
        }
        let Some(start) = self.take_start() else {
            return Ok(None);
        };
        self.push(&start)?;
        self.declared_type = T::XSD_TYPE;
        self.no_attributes(&start)?;
        let text = self.text()?;
        let text = if text.is_empty() { default } else { &text };
        self.check_xsi_type(text)?;
        let value = T::parse(text).map_err(|e| self.error(Reason::InvalidValue(e)))?;
        self.close()?;
        Ok(Some(value))
    }

    /// Decodes `min` to `max` consecutive elements of one name (`max` of
    /// `u32::MAX` for unbounded).
    pub fn repeated<T: Content>(
        &mut self,
        ns: Ns,
        local: &str,
        min: u32,
        max: u32,
    ) -> Result<Vec<T>, DecodeError> {
        let mut items = Vec::new();
        while (items.len() as u64) < u64::from(max) && self.next_is(ns, local)? {
            items.push(self.take()?);
        }
        if (items.len() as u64) < u64::from(min) {
            return Err(self.too_few(ns, local, min, items.len()));
        }
        Ok(items)
    }

    /// The error for fewer repetitions of an element than required.
    #[cold]
    #[inline(never)]
    fn too_few(&mut self, ns: Ns, local: &str, min: u32, found: usize) -> DecodeError {
        let expected = format!(
            "{} (at least {min} are required, found {found})",
            self.expected_name(ns, local),
        );
        self.unexpected(&expected)
    }

    /// Decodes a required model group.
    pub fn group<G: Group>(&mut self, expected: &str) -> Result<G, DecodeError> {
        match G::try_decode(self)? {
            Some(group) => Ok(group),
            None => Err(self.unexpected(expected)),
        }
    }

    /// Decodes an optional model group.
    pub fn optional_group<G: Group>(&mut self) -> Result<Option<G>, DecodeError> {
        G::try_decode(self)
    }

    /// Decodes `min` to `max` repetitions of a model group.
    pub fn groups<G: Group>(
        &mut self,
        min: u32,
        max: u32,
        expected: &str,
    ) -> Result<Vec<G>, DecodeError> {
        let mut items = Vec::new();
        while (items.len() as u64) < u64::from(max) {
            match G::try_decode(self)? {
                Some(group) => items.push(group),
                None => break,
            }
        }
        if (items.len() as u64) < u64::from(min) {
            let expected = format!(
                "{expected} (at least {min} are required, found {})",
                items.len()
            );
            return Err(self.unexpected(&expected));
        }
        Ok(items)
    }

    /// Whether an element of this name is admitted by a wildcard.
    pub fn admits(&self, wildcard: &Wildcard, name: Name<'_>) -> bool {
        match wildcard.namespaces {
            WildcardNamespaces::Any => true,
            WildcardNamespaces::Other(target) => name.ns != target && name.ns != Ns::NONE,
            WildcardNamespaces::List(uris) => {
                let uri = match self.peeked {
                    Peeked::Start if self.ahead.name == name => self
                        .other_uri(&self.ahead)
                        .or_else(|| self.schema.uri_of(name.ns))
                        .unwrap_or(""),
                    _ => self.schema.uri_of(name.ns).unwrap_or(""),
                };
                uris.contains(&uri)
            }
        }
    }

    /// Decodes one element admitted by a wildcard.
    pub fn required_wildcard(&mut self, wildcard: &Wildcard) -> Result<AnyElement, DecodeError> {
        match self.wildcard(wildcard, 1, 1)?.pop() {
            Some(element) => Ok(element),
            None => Err(self.unexpected("an element admitted by the wildcard")),
        }
    }

    /// Decodes an optional element admitted by a wildcard.
    pub fn optional_wildcard(
        &mut self,
        wildcard: &Wildcard,
    ) -> Result<Option<AnyElement>, DecodeError> {
        Ok(self.wildcard(wildcard, 0, 1)?.pop())
    }

    /// Decodes `min` to `max` elements admitted by a wildcard.
    pub fn wildcard(
        &mut self,
        wildcard: &Wildcard,
        min: u32,
        max: u32,
    ) -> Result<Vec<AnyElement>, DecodeError> {
        let mut items = Vec::new();
        while (items.len() as u64) < u64::from(max) {
            match self.peek()? {
                Some(name) if self.admits(wildcard, name) => items.push(self.take_any(wildcard)?),
                _ => break,
            }
        }
        if (items.len() as u64) < u64::from(min) {
            return Err(self.unexpected("an element admitted by the wildcard"));
        }
        Ok(items)
    }

    /// Decodes the peeked element as a wildcard's element, validating it as
    /// the wildcard's processContents asks.
    pub fn take_any(&mut self, wildcard: &Wildcard) -> Result<AnyElement, DecodeError> {
        let Some(start) = self.take_start() else {
            return Err(self.error(Reason::Other("internal error: no element to decode".into())));
        };
        self.push(&start)?;
        let path = self.path();
        let assessed = wildcard.process != ProcessContents::Skip;
        let element = self.capture(&start, assessed)?;
        self.stack.pop();
        self.namespaces.pop(start.declared as usize);
        let parent = path.rsplit_once('/').map_or("", |(p, _)| p).to_owned();
        match wildcard.process {
            ProcessContents::Skip => {}
            ProcessContents::Strict => self.assess(&element, &parent, true)?,
            ProcessContents::Lax => self.assess(&element, &parent, false)?,
        }
        Ok(element)
    }

    /// Validates an element a wildcard admitted against the schema's global
    /// declaration of its name. Without a declaration, a strict wildcard is
    /// an error, and a lax one assesses the element's children the same way
    /// (XML Schema Part 1, 3.10.1: lax assessment goes on below an element
    /// it cannot validate).
    fn assess(
        &mut self,
        element: &AnyElement,
        parent: &str,
        strict: bool,
    ) -> Result<(), DecodeError> {
        let ns = match &element.namespace {
            Some(uri) => self.schema.ns_of(uri),
            None => Ns::NONE,
        };
        let name = Name {
            ns,
            local: &element.name,
        };
        let shown = match self.schema.prefix_of(ns) {
            Some(_) => clip(&self.schema.display(name)),
            None => element.name.clone(),
        };
        match (self.schema.validate_global)(name, &element.to_document(), &mut self.ids) {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => Err(e.nested_in(parent)),
            None if strict => Err(DecodeError::new(
                format!("{parent}/{shown}"),
                Reason::Other(format!(
                    "no global declaration of `{shown}` (the wildcard is strict)"
                )),
            )),
            None => {
                let path = format!("{parent}/{shown}");
                match element.xsi_type() {
                    // Validated against the type it names (3.3.4, clause 4.3).
                    Some(ty) => self.assess_typed(element, ty, parent, path),
                    None => self.assess_children(element, &path),
                }
            }
        }
    }

    /// Lax assessment of an element's children (3.10.1).
    fn assess_children(&mut self, element: &AnyElement, path: &str) -> Result<(), DecodeError> {
        for child in &element.children {
            if let super::AnyNode::Element(child) = child {
                self.assess(child, path, false)?;
            }
        }
        Ok(())
    }

    /// An element a lax wildcard admitted, without a declaration, whose
    /// `xsi:type` (an expanded name, see [`AnyElement::xsi_type`]) names a
    /// type: a simple type's checks apply to its text, and it may have no
    /// children and no attributes but the `xsi` ones; a complex type with
    /// simple content checks its text and its attributes; `xs:anyType`
    /// admits any attributes and content, its children assessed laxly as
    /// if there were no `xsi:type` (its wildcards are lax: XML Schema Part
    /// 1, 3.4.7); any other complex type validates the whole element, as a
    /// document of its own whose IDs are unique with this one's.
    fn assess_typed(
        &mut self,
        element: &AnyElement,
        ty: &str,
        parent: &str,
        path: String,
    ) -> Result<(), DecodeError> {
        let (uri, local) = match super::split_expanded(ty) {
            Some((uri, local)) => (uri, local),
            None => ("", ty),
        };
        let name = Name {
            ns: self.schema.ns_of(uri),
            local,
        };
        if name.ns == Ns::XS && name.local == "anyType" {
            return self.assess_children(element, &path);
        }
        let simple = match self.schema.simple_type(name) {
            Some(simple) => Some((simple.validate, &[][..])),
            None => self
                .schema
                .simple_content_types
                .iter()
                .find(|t| t.name.is(name) && !t.is_abstract)
                .map(|complex| (complex.content, complex.attributes)),
        };
        if let Some((validate, attributes)) = simple {
            return self
                .assess_simple(element, validate, attributes)
                .map_err(|reason| DecodeError::new(path, reason));
        }
        match self.schema.complex_types.iter().find(|t| t.name.is(name)) {
            Some(complex) => (complex.validate)(&element.to_document(), self.schema, &mut self.ids)
                .map_err(|e| e.nested_in(parent)),
            None => Err(DecodeError::new(
                path,
                Reason::Other(format!(
                    "xsi:type `{}` names no type of {} that an element may have (none of that name, or an abstract one)",
                    clip(ty),
                    self.schema.name
                )),
            )),
        }
    }

    /// [`Decoder::assess_typed`] for a simple type, or a complex type with
    /// simple content: `validate` checks the text, `attributes` are the
    /// type's attribute uses.
    fn assess_simple(
        &mut self,
        element: &AnyElement,
        validate: Validator,
        attributes: &[AttributeType],
    ) -> Result<(), Reason> {
        let mut text = String::new();
        for child in &element.children {
            match child {
                super::AnyNode::Text(t) => text.push_str(t),
                super::AnyNode::Element(e) => {
                    return Err(Reason::ChildInSimpleContent {
                        found: clip(&e.name),
                    });
                }
            }
        }
        let views: Vec<AttributeView<'_>> = element
            .attributes
            .iter()
            .map(|attribute| AttributeView {
                ns: attribute
                    .namespace
                    .as_deref()
                    .map_or(Ns::NONE, |uri| self.schema.ns_of(uri)),
                local: &attribute.name,
                shown: &attribute.name,
                value: &attribute.value,
                registered: false,
            })
            .filter(|view| view.ns != Ns::XSI)
            .collect();
        check_uses(attributes, &views, &mut self.ids)?;
        validate(&text).map_err(Reason::InvalidValue)
    }

    /// The expanded name `{uri}local` an `xsi:type` value names in the
    /// current scope (prefixes are not kept in captured trees), or the value
    /// as written when its prefix is not declared.
    fn expanded_type_name(&self, value: &str) -> String {
        let qname = value.trim_matches([' ', '\t', '\n', '\r']);
        match self.namespaces.uri(qname, true) {
            Some(uri) => {
                let local = qname.rsplit_once(':').map_or(qname, |(_, local)| local);
                format!("{{{uri}}}{local}")
            }
            None if !qname.contains(':') => qname.to_owned(),
            None => value.to_owned(),
        }
    }

    /// A value written as an expanded name, `{uri}local`, where a qualified
    /// name is expected (the value of `xsi:type`, or the text of an element
    /// whose `xsi:type` is `xs:QName`): not a qualified name, but it could
    /// not be told from the expanded names a captured tree keeps, so it is
    /// refused as soon as it is read when the content is to be assessed
    /// (its wildcard is not `skip`).
    fn refuse_expanded_form(&self, value: &str, what: &str) -> Result<(), DecodeError> {
        if value
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .starts_with('{')
        {
            return Err(self.error(Reason::InvalidValue(ValueError::lexical(value, what))));
        }
        Ok(())
    }

    /// The text of a captured element whose `xsi:type` is `xs:QName`: a
    /// name whose prefix means nothing outside its scope, which a captured
    /// tree does not keep. When it is a qualified name that resolves here,
    /// it is kept as the expanded name it stands for, `{uri}local` (`{}local`
    /// for no namespace), as the value of `xsi:type` is; otherwise as
    /// written (and it is not a valid `xs:QName`).
    fn expand_qname_text(
        &self,
        element: &mut AnyElement,
        assessed: bool,
    ) -> Result<(), DecodeError> {
        if element.xsi_type() != Some(XS_QNAME) {
            return Ok(());
        }
        let mut text = String::new();
        for child in &element.children {
            match child {
                super::AnyNode::Text(t) => text.push_str(t),
                super::AnyNode::Element(_) => return Ok(()),
            }
        }
        if assessed {
            self.refuse_expanded_form(&text, "xs:QName")?;
        }
        let qname = text.trim_matches([' ', '\t', '\n', '\r']);
        let local = match qname.split_once(':') {
            Some((prefix, local)) if chars::is_xsd_ncname(prefix) => local,
            Some(_) => return Ok(()),
            None => qname,
        };
        if !chars::is_xsd_ncname(local) {
            return Ok(());
        }
        let expanded = match self.namespaces.uri(qname, true) {
            Some(uri) => format!("{{{uri}}}{local}"),
            None if !qname.contains(':') => format!("{{}}{local}"),
            None => return Ok(()),
        };
        element.children = vec![super::AnyNode::Text(expanded)];
        Ok(())
    }

    /// Reads an element (whose start tag was just read) as a generic tree.
    /// `assessed`: whether the content is to be assessed (its wildcard, or
    /// that of an element it is in, is not `skip`).
    fn capture(&mut self, start: &Start<'a>, assessed: bool) -> Result<AnyElement, DecodeError> {
        self.captured += 1;
        if self.captured > self.limits.max_wildcard_elements {
            return Err(self.error(Reason::Limit(format!(
                "more than {} elements in wildcard content (such as `ds:Object`)",
                self.limits.max_wildcard_elements
            ))));
        }
        let mut element = AnyElement::new(
            self.other_uri(start)
                .or_else(|| self.schema.uri_of(start.name.ns))
                .map(str::to_owned),
            start.name.local,
        );
        for attribute in self.attribute_list(start)? {
            let mut attribute = attribute.into_any(self.schema);
            if attribute.is_xsi_type() {
                if assessed {
                    self.refuse_expanded_form(&attribute.value, "qualified name (xsi:type)")?;
                }
                attribute.value = self.expanded_type_name(&attribute.value);
            }
            element.attributes.push(attribute);
        }
        if let Some(frame) = self.stack.last_mut() {
            frame.mode = Mode::Mixed;
        }
        // A captured element keeps its text, whitespace included.
        self.skip_blank_text(false);
        loop {
            match self.read()? {
                Event::Start(raw) => self.capture_child(&mut element, raw, false, assessed)?,
                Event::Empty(raw) => self.capture_child(&mut element, raw, true, assessed)?,
                Event::End(_) => {
                    // The element's own declarations are still in scope.
                    self.expand_qname_text(&mut element, assessed)?;
                    return Ok(element);
                }
                Event::Text(text) => {
                    let content: &str = &text;
                    self.check_char_data(content)?;
                    element.push_text(&normalize_eol(content));
                }
                Event::CData(data) => {
                    let content: &str = &data;
                    element.push_text(&normalize_eol(content));
                }
                Event::GeneralRef(reference) => {
                    let c = self.resolve_reference(&reference)?;
                    element.push_text(c.encode_utf8(&mut [0u8; 4]));
                }
                Event::Comment(_) => {}
                Event::PI(pi) => self.check_pi(pi.target())?,
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.syntax("a declaration is not allowed inside an element"));
                }
                Event::Eof => {
                    return Err(self.syntax("the document ends inside an element"));
                }
            }
        }
    }

    fn capture_child(
        &mut self,
        element: &mut AnyElement,
        raw: BytesStart<'a>,
        empty: bool,
        assessed: bool,
    ) -> Result<(), DecodeError> {
        // Nothing is read ahead while a wildcard's element is captured (its
        // own start tag was taken from `self.ahead` before).
        self.start(raw, empty)?;
        let child = self.ahead;
        self.push(&child)?;
        let captured = self.capture(&child, assessed)?;
        self.stack.pop();
        self.namespaces.pop(child.declared as usize);
        element.push_element(captured);
        Ok(())
    }

    // ----- element content types ---------------------------------------------------------

    /// Marks the current element's content as mixed: text may appear between
    /// its children.
    pub fn mixed(&mut self) {
        if let Some(frame) = self.stack.last_mut() {
            frame.mode = Mode::Mixed;
        }
    }

    /// Marks the current element's content as empty: no children, no text.
    pub fn empty(&mut self) {
        if let Some(frame) = self.stack.last_mut() {
            frame.mode = Mode::Empty;
        }
    }

    /// The character data of the current element, which must have no children.
    pub fn text(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        let text = self.read_text()?;
        // The end tag is left for `close`.
        self.peeked = Peeked::End;
        Ok(text)
    }

    /// The character data of the current element, up to and including its
    /// end tag.
    fn read_text(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        if let Some(text) = self.plain_text() {
            return Ok(Cow::Borrowed(text));
        }
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        // Leading whitespace is part of the value (its type says whether it counts).
        self.skip_blank_text(false);
        loop {
            match self.read()? {
                Event::Text(t) => {
                    self.check_char_data(&t)?;
                    append(&mut text, t.xml10_content());
                }
                Event::CData(c) => append(&mut text, c.xml10_content()),
                Event::GeneralRef(reference) => {
                    let c = self.resolve_reference(&reference)?;
                    text.to_mut().push(c);
                }
                Event::Comment(_) => {}
                Event::PI(pi) => self.check_pi(pi.target())?,
                Event::End(_) => break,
                Event::Start(raw) | Event::Empty(raw) => {
                    return Err(self.error(Reason::ChildInSimpleContent {
                        found: clip(raw.name().0),
                    }));
                }
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.syntax("a declaration is not allowed inside an element"));
                }
                Event::Eof => return Err(self.syntax("the document ends inside an element")),
            }
            if text.len() > self.limits.max_text_bytes {
                return Err(self.error(Reason::Limit(format!(
                    "character data longer than {} bytes",
                    self.limits.max_text_bytes
                ))));
            }
        }
        Ok(text)
    }

    /// Reads and parses the simple content of the current element.
    pub fn simple<T: SimpleValue>(&mut self) -> Result<T, DecodeError> {
        let text = self.text()?;
        self.check_xsi_type(&text)?;
        self.parse_text(&text)
    }

    /// The checks of the type the current element's `xsi:type` names, if
    /// it names a type derived from the declared one.
    fn check_xsi_type(&mut self, text: &str) -> Result<(), DecodeError> {
        match self.xsi_type.take() {
            Some(validate) => validate(text).map_err(|e| self.error(Reason::InvalidValue(e))),
            None => Ok(()),
        }
    }

    /// `xsi:type` on the current element (XML Schema Part 1, 3.3.4, clause
    /// 4.3): it must name the element's declared type or a type derived
    /// from it. A simple type derived from it adds its checks to the
    /// element's character data. A complex type derived from it is accepted
    /// when it adds nothing to it; one with simple content (an extension
    /// with attributes) is returned, for the element's attributes to be
    /// checked against it, and adds its checks to the character data. A
    /// complex type that adds elements is not substituted (a typed model
    /// has one shape per element).
    pub(crate) fn xsi_type(
        &mut self,
        value: &str,
    ) -> Result<Option<&'static SimpleContentType>, DecodeError> {
        let qname = value.trim_matches([' ', '\t', '\n', '\r']);
        let named = match qname.split_once(':') {
            Some((prefix, local)) => chars::is_xsd_ncname(prefix) && chars::is_xsd_ncname(local),
            None => chars::is_xsd_ncname(qname),
        };
        let resolved = if named {
            self.namespaces
                .element(qname)
                .map_err(|m| format!("xsi:type `{}`: {m}", clip(qname)))
        } else {
            Err(format!(
                "xsi:type `{}` is not a qualified name",
                clip(qname)
            ))
        };
        let resolved = match resolved {
            Ok(resolved) => resolved,
            Err(message) => return Err(self.error(Reason::Other(message))),
        };
        let name = Name {
            ns: resolved.ns,
            local: resolved.local,
        };
        let Some(declared) = self.declared_type else {
            return Err(self.not_substituted(qname, "the element's type (an anonymous one)"));
        };
        if self.schema.derives_unchanged(name, declared) {
            return Ok(None);
        }
        if let Some(derived) = self
            .schema
            .simple_type(name)
            .filter(|_| self.schema.derives(name, declared))
        {
            self.xsi_type = Some(derived.validate);
            return Ok(None);
        }
        if let Some(derived) = self.schema.simple_content_type(name, declared) {
            self.xsi_type = Some(derived.content);
            return Ok(Some(derived));
        }
        let declared = format!(
            "the element's type `{}`",
            self.schema.display(Name {
                ns: declared.ns,
                local: declared.local,
            })
        );
        Err(self.not_substituted(qname, &declared))
    }

    #[cold]
    #[inline(never)]
    fn not_substituted(&self, qname: &str, declared: &str) -> DecodeError {
        self.error(Reason::Other(format!(
            "xsi:type `{}` is neither {declared} nor a type derived from it that duis-rs substitutes (a simple type, a complex one with simple content, or one that adds nothing)",
            clip(qname)
        )))
    }

    fn parse_text<T: SimpleValue>(&self, text: &str) -> Result<T, DecodeError> {
        match T::parse_lexical(&normalize(text, T::WHITE_SPACE)) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.error(Reason::InvalidValue(e))),
        }
    }

    /// Decodes a whole element of a simple type (no attributes), its end
    /// tag included: what [`Decoder::take`] does, in one step.
    pub(crate) fn leaf<T: SimpleValue>(&mut self, start: &Start<'a>) -> Result<T, DecodeError> {
        let text = self.leaf_text(start, T::XSD_TYPE)?;
        let value = self.parse_text(&text)?;
        self.leave();
        Ok(value)
    }

    /// The steps of [`Decoder::leaf`] that do not depend on the type: the
    /// element entered, its character data read, up to its end tag. Not
    /// inlined (see [`Decoder::enter`]).
    #[inline(never)]
    fn leaf_text(
        &mut self,
        start: &Start<'a>,
        declared: Option<TypeName>,
    ) -> Result<Cow<'a, str>, DecodeError> {
        self.enter(start, declared)?;
        self.no_attributes(start)?;
        let text = self.read_text()?;
        self.check_xsi_type(&text)?;
        Ok(text)
    }

    /// Leaves the element [`Decoder::leaf_text`] entered.
    fn leave(&mut self) {
        if let Some(frame) = self.stack.pop() {
            self.namespaces.pop(frame.declared as usize);
        }
    }

    // ----- attributes --------------------------------------------------------------------

    /// Checks that the element has no attributes (namespace declarations and
    /// the `xsi` attributes every element may carry aside).
    pub fn no_attributes(&mut self, start: &Start<'a>) -> Result<(), DecodeError> {
        if start.attributes_raw().trim().is_empty() {
            return Ok(());
        }
        self.attributes(start)?.finish()
    }

    /// The attributes of a start tag, in a list of their own.
    pub(crate) fn attribute_list(&self, start: &Start<'a>) -> Result<Attrs<'a>, DecodeError> {
        let mut list = Vec::new();
        super::attributes::collect(self, start, &mut list)?;
        Ok(list)
    }

    /// The decoder's list for a tag's attributes (empty when lent already),
    /// to give back with [`Decoder::return_attribute_list`]: one allocation
    /// for the document, and nothing but three words moved with each tag.
    pub(crate) fn lend_attribute_list(&mut self) -> Attrs<'a> {
        std::mem::take(&mut self.attribute_list)
    }

    pub(crate) fn return_attribute_list(&mut self, mut list: Attrs<'a>) {
        list.clear();
        self.attribute_list = list;
    }

    /// Resolves a prefixed attribute name.
    pub(crate) fn resolve_attribute_ns(
        &self,
        qname: &str,
    ) -> Result<(Ns, Option<Box<str>>), DecodeError> {
        let qname = self.rebase(qname);
        let resolved = self
            .namespaces
            .attribute(qname)
            .map_err(|m| self.syntax(m))?;
        let other_uri = if resolved.ns == Ns::OTHER {
            self.namespaces.uri(qname, false).map(Box::from)
        } else {
            None
        };
        Ok((resolved.ns, other_uri))
    }

    /// The error for a tag with more attributes than the limits allow.
    #[cold]
    #[inline(never)]
    pub(crate) fn too_many_attributes(&self) -> DecodeError {
        self.error(self.attribute_limit())
    }

    fn attribute_limit(&self) -> Reason {
        Reason::Limit(format!(
            "more than {} attributes on one element",
            self.limits.max_attributes
        ))
    }

    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// The `xs:ID` values met so far in the document.
    pub(crate) fn ids_mut(&mut self) -> &mut Ids {
        &mut self.ids
    }

    /// Records an `xs:ID` value; an ID may appear once in a document.
    pub fn register_id(&mut self, id: &str) -> Result<(), DecodeError> {
        if self.ids.insert(id.to_owned()) {
            Ok(())
        } else {
            Err(self.error(duplicate_id(id)))
        }
    }

    /// An error for an invalid attribute value.
    #[cold]
    #[inline(never)]
    pub fn attribute_error(&self, name: &str, error: ValueError) -> DecodeError {
        self.error(Reason::InvalidAttribute {
            name: name.to_owned(),
            error,
        })
    }
}

/// The value of an attribute of the root element, without decoding the document.
/// The parser over `input`, configured as the decoder runs it (the
/// decoder then has it skip whitespace at the start of character data
/// wherever whitespace means nothing). Public for benchmarks, whose floor is
/// this parser alone.
pub fn parser(input: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(input);
    let config = reader.config_mut();
    // `<x/>` is read as one event (expanding it costs the parser an
    // allocation); the decoder supplies the end itself.
    config.expand_empty_elements = false;
    // End tags are checked by the decoder, which reads most of them itself
    // (see `Decoder::plain_text`) and sometimes gives the parser a fresh
    // start inside the document (`Decoder::renew_parser`).
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = true;
    config.trim_text_start = false;
    config.trim_text_end = false;
    reader
}

pub(crate) fn root_attribute(input: &str, name: &str) -> Result<Option<String>, DecodeError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut reader = Reader::from_str(input);
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) | Ok(Event::Empty(start)) => {
                for attribute in start.attributes().with_checks(true) {
                    let attribute = attribute
                        .map_err(|e| DecodeError::new("", Reason::Syntax(e.to_string())))?;
                    if attribute.key.0 == name {
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| DecodeError::new("", Reason::Syntax(e.to_string())))?;
                        return Ok(Some(value.into_owned()));
                    }
                }
                return Ok(None);
            }
            Ok(Event::Eof) => {
                return Err(DecodeError::new(
                    "",
                    Reason::Syntax("the document has no root element".into()),
                ));
            }
            Ok(Event::DocType(_)) => {
                return Err(DecodeError::new(
                    "",
                    Reason::Syntax(
                        "a document type declaration (DOCTYPE) is not allowed: DUIS messages have none, and entities are never expanded".into(),
                    ),
                ));
            }
            Ok(_) => {}
            Err(e) => {
                let (line, column) =
                    line_column(input, usize::try_from(reader.error_position()).unwrap_or(0));
                return Err(
                    DecodeError::new("", Reason::Syntax(e.to_string())).at(Some((line, column)))
                );
            }
        }
    }
}

/// The same text as `s`, with the lifetime of `input`: names and values in
/// events borrow from the event, but they are slices of the input (the
/// reader reads from a string in memory). Checked, not assumed.
fn rebase<'a>(input: &'a str, s: &str) -> &'a str {
    let start = (s.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    input
        .get(start..start + s.len())
        .filter(|slice| slice.as_ptr() == s.as_ptr())
        .unwrap_or("?")
}

/// The length of the end tag `</qname>` (whitespace allowed before the
/// `>`) at the start of `rest`, if that is what is there.
fn end_tag_len(rest: &[u8], qname: &str) -> Option<usize> {
    let name = rest.strip_prefix(b"</")?;
    let after = name.get(qname.len()..)?;
    if !chars::same_bytes(&name[..qname.len()], qname.as_bytes()) {
        return None;
    }
    // Nearly always `>` right after the name.
    if after.first() == Some(&b'>') {
        return Some(2 + qname.len() + 1);
    }
    let blank = chars::blank_prefix_len(after);
    (after.get(blank) == Some(&b'>')).then_some(2 + qname.len() + blank + 1)
}

/// Whether character data is whitespace only.
fn is_blank(text: &str) -> bool {
    text.bytes().all(is_blank_byte)
}

fn is_blank_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

fn normalize_eol(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The reason for an `xs:ID` value met twice in a document.
pub(crate) fn duplicate_id(id: &str) -> Reason {
    Reason::Other(format!(
        "ID {} is used more than once in the document",
        quote(id)
    ))
}
