//! libxml2 is the reference the benchmark measures against.
fn main() {
    println!("cargo:rustc-link-lib=xml2");
}
