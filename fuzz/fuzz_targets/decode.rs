//! Decoding any input with every version, and by `schemaVersion`: an error
//! is fine, a panic or a hang is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = duis::decode(text);
        for version in duis::Version::ALL {
            let _ = version.decode(text);
        }
    }
});
