//! Decode, encode, decode: whatever decodes must encode to a document that
//! decodes to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for version in duis::Version::ALL {
        if let Ok(document) = version.decode(text) {
            let encoded = document.to_xml();
            match version.decode(&encoded) {
                Ok(again) => assert_eq!(document, again, "round trip changed the value:\n{encoded}"),
                Err(e) => panic!("an encoded document does not decode: {e}\n{encoded}"),
            }
        }
    }
});
