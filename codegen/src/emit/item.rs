//! What the emitter produces for one version: items (a Rust type and its
//! impls) grouped by namespace module, with what each depends on.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;

/// Where an item lives inside a version module: the namespace module (`sr`,
/// `ra`, `ds`) and the type's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub module: String,
    pub name: String,
}

/// One generated type with its impls.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: ItemKey,
    pub tokens: TokenStream,
    /// Items of the same version this one names.
    pub deps: BTreeSet<ItemKey>,
    /// Names this item needs imported into its module file.
    pub uses: BTreeSet<Use>,
}

/// Something a module file imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use {
    /// A namespace constant of `crate::ns`, by index in the crate's table.
    Namespace(usize),
    /// `crate::ns::NONE`, for unqualified names.
    NoNamespace,
    /// `duis_runtime::value as xs`, the built-in XSD types.
    Xs,
}

impl Item {
    /// The text used to decide whether two versions' items are the same.
    pub fn text(&self) -> String {
        self.tokens.to_string()
    }
}
