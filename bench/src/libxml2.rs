//! A minimal in-process harness for libxml2's schema validation: the schema
//! is compiled once, then each message is parsed and validated from memory,
//! as `xmllint --schema` does for each file.
//!
//! `unsafe` is needed to call C; it is confined to this module, which owns
//! every pointer it creates and frees each exactly once. The `libxml` crate
//! would do the same but needs bindgen and libclang to build.

use std::ffi::{CString, c_char, c_int, c_void};
use std::path::Path;

// SAFETY: these are the libxml2 2.9 functions with their C signatures;
// pointers are opaque handles passed back to the same library.
unsafe extern "C" {
    fn xmlSchemaNewParserCtxt(url: *const c_char) -> *mut c_void;
    fn xmlSchemaParse(ctxt: *mut c_void) -> *mut c_void;
    fn xmlSchemaFreeParserCtxt(ctxt: *mut c_void);
    fn xmlSchemaFree(schema: *mut c_void);
    fn xmlSchemaNewValidCtxt(schema: *mut c_void) -> *mut c_void;
    fn xmlSchemaFreeValidCtxt(ctxt: *mut c_void);
    fn xmlSchemaValidateDoc(ctxt: *mut c_void, doc: *mut c_void) -> c_int;
    fn xmlReadMemory(
        buffer: *const c_char,
        size: c_int,
        url: *const c_char,
        encoding: *const c_char,
        options: c_int,
    ) -> *mut c_void;
    fn xmlFreeDoc(doc: *mut c_void);
}

/// `XML_PARSE_NONET | XML_PARSE_HUGE`, as `xmllint --nonet --huge`.
const PARSE_OPTIONS: c_int = (1 << 11) | (1 << 19);

/// A compiled schema with a validation context.
pub struct Validator {
    schema: *mut c_void,
    context: *mut c_void,
}

impl Validator {
    /// Compiles the schema whose entry document is `entry`.
    pub fn new(entry: &Path) -> Result<Validator, String> {
        let path = CString::new(entry.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
        // SAFETY: `path` outlives the call; each handle is checked for null
        // and freed exactly once (here or in `Drop`).
        unsafe {
            let parser = xmlSchemaNewParserCtxt(path.as_ptr());
            if parser.is_null() {
                return Err("libxml2 cannot create a schema parser".into());
            }
            let schema = xmlSchemaParse(parser);
            xmlSchemaFreeParserCtxt(parser);
            if schema.is_null() {
                return Err(format!("libxml2 cannot compile {}", entry.display()));
            }
            let context = xmlSchemaNewValidCtxt(schema);
            if context.is_null() {
                xmlSchemaFree(schema);
                return Err("libxml2 cannot create a validation context".into());
            }
            Ok(Validator { schema, context })
        }
    }

    /// Parses and validates one message.
    pub fn is_valid(&mut self, xml: &str) -> bool {
        let Ok(size) = c_int::try_from(xml.len()) else {
            return false;
        };
        // SAFETY: the buffer is valid for `size` bytes during the call; the
        // document is freed after validation and never used again.
        unsafe {
            let doc = xmlReadMemory(
                xml.as_ptr().cast(),
                size,
                c"message.xml".as_ptr(),
                std::ptr::null(),
                PARSE_OPTIONS,
            );
            if doc.is_null() {
                return false;
            }
            let result = xmlSchemaValidateDoc(self.context, doc);
            xmlFreeDoc(doc);
            result == 0
        }
    }
}

impl Drop for Validator {
    fn drop(&mut self) {
        // SAFETY: both handles were created by `new` and are freed once.
        unsafe {
            xmlSchemaFreeValidCtxt(self.context);
            xmlSchemaFree(self.schema);
        }
    }
}
