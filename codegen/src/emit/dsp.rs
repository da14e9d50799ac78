//! The DSP validators of one version (`v5_4/dsp.rs`): for every SRV of the
//! version that has rules of its own, a function that runs the rules of the
//! tables in order against the SRV's typed body, with the forms
//! modifications give them; the general checks once, in `general`; the hooks
//! for checks still to be specified. A function depends on nothing but the
//! tables and its body type, so that a later version whose body type and
//! rows are the same imports it instead of repeating it (see `emit/mod.rs`).
//!
//! Conditions become calls of `duis_dsp::Run`'s predicates; `body/…` paths
//! become accessors of the request's typed body, resolved here against the
//! version's types (a path that does not exist is an error naming the rule).

use proc_macro2::TokenStream;
use quote::quote;

use super::item::ItemKey;
use super::version::{FieldKind, Occurs, Shape, ShapeVariant, VersionEmitter, ident};
use crate::diagnostic::Located;
use crate::model::{Builtin, ComplexId, SimpleRef, TypeRef};
use crate::spec::cell::Pos;
use crate::spec::expr::{Arg, Call, DeviceTerm, Expr, FieldPath};
use crate::spec::matrix::{DccScheduled, FutureDated, MatrixRow, SmetsApplicability};
use crate::spec::rules::{Check, Effect, ProcessingRow, RuleRow, Scope};
use crate::spec::view::{Entry, VersionView};
use crate::spec::vocabulary::Param;

/// A version's `dsp.rs`, in three parts: what is the version's own (its
/// matrix and entry points); the entry of the checks, which depends on the
/// request's type; and the check functions, each of which depends only on
/// the tables and its SRV's body type.
pub struct DspModule {
    /// The module's documentation.
    pub head: TokenStream,
    /// `validate`, `validate_with` and `MATRIX`.
    pub front: TokenStream,
    /// `validate_in`, `PendingChecks`, `NoPendingChecks`, `UNSPECIFIED`,
    /// `body_element` and `checks`, which calls the check functions.
    pub entry: TokenStream,
    /// `general`, then the function of each SRV that has one.
    pub functions: Vec<CheckFn>,
}

/// A check function: `general` or an SRV's.
pub struct CheckFn {
    pub name: String,
    /// The SRV's body type, when the function reads the body.
    pub body: Option<ItemKey>,
    /// Whether it runs the general checks (so calls `general`).
    pub calls_general: bool,
    pub tokens: TokenStream,
    /// The tokens as text, to compare with other versions' functions.
    pub text: String,
}

/// Check functions of a version that an earlier version defines: the same
/// text, on the same types.
pub struct Borrowed<'m> {
    /// The module of the version that defines them, e.g. `v5_0`.
    pub module: &'m str,
    /// Its DUIS version, e.g. `5.0`.
    pub version: &'m str,
    pub names: Vec<&'m str>,
}

impl DspModule {
    /// The text of every check (entry and functions): two versions whose
    /// requests are the same type and whose check text is the same share
    /// the whole of it.
    pub fn checks_text(&self) -> String {
        let mut text = self.entry.to_string();
        for f in &self.functions {
            text.push_str(&f.text);
        }
        text
    }

    /// The whole module, checks included, but the check functions that
    /// earlier versions define (`borrowed`), which it imports.
    pub fn own(&self, borrowed: &[Borrowed<'_>]) -> TokenStream {
        let (head, front, entry) = (&self.head, &self.front, &self.entry);
        let imports = borrowed.iter().map(|b| {
            let module = ident(b.module);
            let names = b.names.iter().map(|n| ident(n));
            let doc = format!(
                " The checks that are the same as DUIS {}'s: the same rows of the tables, on the same body types.",
                b.version
            );
            quote! {
                #[doc = #doc]
                use crate::#module::dsp::{#(#names),*};
            }
        });
        let is_borrowed = |name: &str| borrowed.iter().any(|b| b.names.contains(&name));
        let functions = self
            .functions
            .iter()
            .filter(|f| !is_borrowed(&f.name))
            .map(|f| &f.tokens);
        quote! {
            #head

            use duis_dsp as dsp;
            use duis_runtime as rt;

            #(#imports)*

            #front
            #entry

            #(#functions)*
        }
    }

    /// The module of a version that shares the checks of the earlier
    /// version `version` (module `module`).
    pub fn sharing(&self, module: &str, version: &str) -> TokenStream {
        let (head, front) = (&self.head, &self.front);
        let module = ident(module);
        let doc = format!(
            " The checks of DUIS {version}: the request is the same type, and the tables give the same checks."
        );
        quote! {
            #head

            use duis_dsp as dsp;

            #[doc = #doc]
            pub use crate::#module::dsp::{NoPendingChecks, PendingChecks, UNSPECIFIED};
            use crate::#module::dsp::validate_in;

            #front
        }
    }
}

/// The request's types, as the version's models name them.
struct RequestTypes {
    /// `super::sr::Request`.
    request: TokenStream,
    /// `super::sr::RequestBody` and its variants.
    body_enum: TokenStream,
    body_variants: Vec<ShapeVariant>,
    /// `super::sr::ServiceReferenceVariant`.
    srv_enum: TokenStream,
    /// Header field names.
    header: HeaderFields,
}

struct HeaderFields {
    request_id: proc_macro2::Ident,
    command_variant: proc_macro2::Ident,
    service_reference: proc_macro2::Ident,
    service_reference_variant: proc_macro2::Ident,
}

/// A leaf a path reaches: its simple type.
#[derive(Clone, Copy)]
enum Leaf {
    Simple(SimpleRef),
    Complex,
}

/// The rows shared by the validators of every version (`tables.rs`):
/// identical rows are emitted once.
#[derive(Default)]
pub struct Pool {
    /// Name, the item's text with a placeholder name, the item.
    items: Vec<(String, String, TokenStream)>,
}

impl Pool {
    /// The name of a static made by `make` (given its name): an existing one
    /// with the same content, or a new one named `base` (with the version's
    /// suffix when `base` is taken).
    fn intern(
        &mut self,
        base: &str,
        version: &str,
        make: impl Fn(&proc_macro2::Ident) -> TokenStream,
    ) -> proc_macro2::Ident {
        let text = make(&ident("PLACEHOLDER")).to_string();
        if let Some((name, _, _)) = self.items.iter().find(|(_, t, _)| *t == text) {
            return ident(name);
        }
        let mut name = base.to_owned();
        if self.items.iter().any(|(n, _, _)| *n == name) {
            name = format!(
                "{base}_V{}",
                version
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                    .to_uppercase()
            );
        }
        let id = ident(&name);
        self.items.push((name, text, make(&id)));
        id
    }

    /// The `tables.rs` module.
    pub fn module(&self) -> TokenStream {
        let items = self.items.iter().map(|(_, _, item)| item);
        quote! {
            //! The rows of the spec tables, as the DSP validators of every
            //! version use them: the Service Request Matrix, the validation
            //! rules and the additional processing. Rows that are the same in
            //! several versions are here once.

            use duis_dsp as dsp;

            /// An SRV of a schema without a row in `spec/matrix.csv`: no role is eligible.
            pub static NOT_IN_MATRIX: dsp::Srv = dsp::Srv {
                variant: "?",
                reference: "?",
                name: "(not in spec/matrix.csv)",
                body: "",
                critical: false,
                on_demand: false,
                future_dated: dsp::FutureDated::No,
                dcc_scheduled: dsp::DccScheduled::No,
                non_device: false,
                                roles: &[],
                smets: dsp::SmetsApplicability::Both,
                subject: None,
            };

            #(#items)*
        }
    }
}

pub struct DspEmitter<'e, 'a> {
    emitter: &'e VersionEmitter<'a>,
    view: &'e VersionView<'e>,
    types: RequestTypes,
    pool: &'e mut Pool,
    errors: Vec<Located>,
    /// The body fields the SRV function being emitted reads: a `let` each.
    bindings: Vec<Binding>,
}

/// `let name = <accessor>;` for a body field an SRV's rows read.
struct Binding {
    path: String,
    typed: bool,
    name: proc_macro2::Ident,
    value: TokenStream,
}

fn const_ident(prefix: &str, id: &str) -> proc_macro2::Ident {
    ident(&const_name(prefix, id))
}

fn const_name(prefix: &str, id: &str) -> String {
    let mut name = String::from(prefix);
    for c in id.chars() {
        name.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        });
    }
    name
}

fn srv_fn(srv: &str) -> proc_macro2::Ident {
    ident(&format!("srv_{}", srv.replace('.', "_")))
}

fn static_name(id: &str, modification: Option<&str>) -> String {
    match modification {
        None => const_name("", id),
        Some(m) => const_name("", &format!("{id}_{m}")),
    }
}

fn modification_path(id: &str) -> TokenStream {
    let name = const_ident("", id);
    quote!(crate::modifications::#name)
}

fn doc_lines(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for line in lines {
        let text = format!(" {line}");
        out.extend(quote!(#[doc = #text]));
    }
    out
}

impl<'e, 'a> DspEmitter<'e, 'a> {
    pub fn new(
        emitter: &'e VersionEmitter<'a>,
        view: &'e VersionView<'e>,
        pool: &'e mut Pool,
    ) -> Result<Self, Vec<Located>> {
        let types = request_types(emitter).map_err(|m| {
            vec![Located::file(
                "(schema)",
                format!("DUIS {}: cannot make DSP validators: {m}", view.version.id),
            )]
        })?;
        Ok(DspEmitter {
            emitter,
            view,
            types,
            pool,
            errors: Vec::new(),
            bindings: Vec::new(),
        })
    }

    fn version(&self) -> &str {
        &self.view.version.id
    }

    /// The `dsp.rs` module of the version.
    pub fn emit(mut self) -> Result<DspModule, Vec<Located>> {
        let version = self.version().to_owned();
        let request = self.types.request.clone();
        let body_enum = self.types.body_enum.clone();
        let srv_enum = self.types.srv_enum.clone();
        let request_id = self.types.header.request_id.clone();
        let command_variant = self.types.header.command_variant.clone();
        let service_reference = self.types.header.service_reference.clone();
        let service_reference_variant = self.types.header.service_reference_variant.clone();

        let body_arms: Vec<TokenStream> = self
            .types
            .body_variants
            .iter()
            .map(|v| {
                let variant = ident(&v.variant);
                let local = v.local.clone().unwrap_or_default();
                quote!(#body_enum::#variant(_) => #local,)
            })
            .collect();
        let matrix: Vec<MatrixRow> = self.view.matrix.clone();
        let mut rows = Vec::new();
        let mut arms = Vec::new();
        let mut functions = Vec::new();
        let mut unspecified = Vec::new();
        for row in &matrix {
            let name = self.srv_static(row);
            rows.push(quote!(&crate::tables::#name));
            let srv = row.srv.value.clone();
            if let Some((arm, function)) = self.srv_function(row) {
                arms.push(arm);
                functions.push(function);
            }
            if !self.always_specified(&srv) {
                unspecified.push(srv);
            }
        }
        functions.insert(0, self.general_function());
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let count = rows.len();
        let module_doc = format!(
            " The DSP's validation of DUIS {version} Service Requests, generated from the tables in `spec/` (matrix, rules, processing, modifications)."
        );
        let validate_doc = format!(
            " Validates a DUIS {version} request as the DSP does: the general checks, then the SRV's specific checks, in the order of the tables, under the configuration's SEC release and feature switches; on success, the additional processing to apply."
        );
        let matrix_doc = format!(" The Service Request Matrix of DUIS {version}.");
        let head = quote! {
            #![doc = #module_doc]
            //!
            //! [`validate`] is the entry point; [`validate_with`] also runs a
            //! hook ([`PendingChecks`]) for the SRVs whose specific checks
            //! the tables do not specify yet ([`UNSPECIFIED`]).
        };
        let front = quote! {
            #[doc = #validate_doc]
            pub fn validate(
                request: &#request,
                submission: &dsp::Submission,
                context: &dyn dsp::DccContext,
                config: &dsp::Config,
            ) -> dsp::Outcome {
                validate_with(request, submission, context, config, &NoPendingChecks)
            }

            /// As [`validate`], with a hook for the specific checks the tables
            /// do not specify yet.
            pub fn validate_with(
                request: &#request,
                submission: &dsp::Submission,
                context: &dyn dsp::DccContext,
                config: &dsp::Config,
                pending: &dyn PendingChecks,
            ) -> dsp::Outcome {
                validate_in(&MATRIX, request, submission, context, config, pending)
            }

            #[doc = #matrix_doc]
            pub static MATRIX: [&dsp::Srv; #count] = [#(#rows),*];
        };
        let entry = quote! {
            /// Validates a request against a version's matrix: the checks
            /// below are the same for every version whose request type and
            /// tables make them so.
            pub(crate) fn validate_in(
                matrix: &[&'static dsp::Srv],
                request: &#request,
                submission: &dsp::Submission,
                context: &dyn dsp::DccContext,
                config: &dsp::Config,
                pending: &dyn PendingChecks,
            ) -> dsp::Outcome {
                let request_id = rt::SimpleValue::to_lexical(&request.header.#request_id);
                let (originator, target) = dsp::split_request_id(&request_id);
                let command_variant = rt::SimpleValue::to_lexical(&request.header.#command_variant);
                let service_reference = rt::SimpleValue::to_lexical(&request.header.#service_reference);
                let header = dsp::Header {
                    originator,
                    target,
                    command_variant: command_variant.parse().unwrap_or(0),
                    service_reference: &service_reference,
                };
                let srv = request.header.#service_reference_variant;
                let variant = rt::SimpleValue::to_lexical(&srv);
                let row = matrix
                    .iter()
                    .copied()
                    .find(|row| row.variant == variant)
                    .unwrap_or(&crate::tables::NOT_IN_MATRIX);
                let body = body_element(&request.body);
                let body_fits = if (5..=7).contains(&header.command_variant) {
                    body == "SignedPreCommand"
                } else {
                    body == row.body
                };
                let mut run = dsp::Run::new(row, header, body_fits, submission, context, config);
                // A rejection stops the checks; the outcome holds its code.
                let _ = checks(&mut run, request, srv, pending);
                run.finish()
            }

            /// The hook for the specific checks of SRVs the tables do not
            /// specify yet (the skeleton): it runs after the general checks
            /// when no specific rule of the SRV is in force, and may reject
            /// the request with a response code of the version.
            pub trait PendingChecks {
                /// The specific checks of `srv` (one of [`UNSPECIFIED`], or an
                /// SRV whose specific rules a modification in force removes).
                fn check(
                    &self,
                    srv: #srv_enum,
                    request: &#request,
                    context: &dyn dsp::DccContext,
                ) -> Option<dsp::Rejection> {
                    let _ = (srv, request, context);
                    None
                }
            }

            /// No checks beyond the tables.
            pub struct NoPendingChecks;

            impl PendingChecks for NoPendingChecks {}

            /// The SRVs whose specific checks are not (always) in the tables.
            pub const UNSPECIFIED: &[&str] = &[#(#unspecified),*];

            /// The local name of the body's element.
            fn body_element(body: &#body_enum) -> &'static str {
                match body {
                    #(#body_arms)*
                }
            }

            /// The checks of the request's SRV.
            fn checks(
                run: &mut dsp::Run<'_>,
                request: &#request,
                srv: #srv_enum,
                pending: &dyn PendingChecks,
            ) -> Result<(), dsp::Stop> {
                let hook = |context: &dyn dsp::DccContext| pending.check(srv, request, context);
                match rt::SimpleValue::to_lexical(&srv).as_str() {
                    #(#arms)*
                    _ => {
                        general(run)?;
                        let found = hook(run.context());
                        run.hook("PendingChecks::check", found)
                    }
                }
            }
        };
        Ok(DspModule {
            head,
            front,
            entry,
            functions,
        })
    }

    /// Whether a base rule specific to the SRV is always in force.
    fn always_specified(&self, srv: &str) -> bool {
        self.view.rules.iter().any(|e| {
            e.change.is_none()
                && e.base
                    .as_ref()
                    .is_some_and(|r| matches!(r.scope, Scope::Srvs(_)) && r.scope.includes(srv))
        })
    }

    fn error(&mut self, pos: &Pos, message: String) {
        self.errors
            .push(pos.error(format!("DUIS {}: {message}", self.view.version.id)));
    }

    fn body_variant(&self, local: &str) -> Option<&ShapeVariant> {
        self.types
            .body_variants
            .iter()
            .find(|v| v.local.as_deref() == Some(local))
    }

    /// The matrix row's static in `tables.rs`.
    fn srv_static(&mut self, row: &MatrixRow) -> proc_macro2::Ident {
        let base = const_name("SRV_", &row.srv.value);
        let variant = row.srv.value.clone();
        let reference = row.reference.value.clone();
        let srv_name = row.name.clone();
        let body = row.body.value.clone();
        let critical = row.critical;
        let on_demand = row.on_demand;
        let non_device = row.non_device;
        let future = match row.future_dated {
            FutureDated::No => quote!(No),
            FutureDated::Device => quote!(Device),
            FutureDated::Dsp => quote!(Dsp),
            FutureDated::DspAndDevice => quote!(DspAndDevice),
        };
        let scheduled = match row.dcc_scheduled {
            DccScheduled::No => quote!(No),
            DccScheduled::Yes => quote!(Yes),
            DccScheduled::Smets1Only => quote!(Smets1Only),
        };
        let smets = match row.smets {
            SmetsApplicability::Both => quote!(Both),
            SmetsApplicability::Smets1Only => quote!(Smets1Only),
            SmetsApplicability::Smets2Only => quote!(Smets2Only),
        };
        let roles: Vec<TokenStream> = row
            .roles
            .iter()
            .map(|r| {
                let r = ident(r);
                quote!(dsp::UserRole::#r)
            })
            .collect();
        let doc = format!(" SRV {variant} '{srv_name}'.");
        let subject = match &row.subject {
            Some(path) => {
                let path = path.steps.join("/");
                quote!(Some(#path))
            }
            None => quote!(None),
        };
        let version = self.version().to_owned();
        self.pool.intern(&base, &version, |name| {
            quote! {
                #[doc = #doc]
                pub static #name: dsp::Srv = dsp::Srv {
                    variant: #variant,
                    reference: #reference,
                    name: #srv_name,
                    body: #body,
                    critical: #critical,
                    on_demand: #on_demand,
                    future_dated: dsp::FutureDated::#future,
                    dcc_scheduled: dsp::DccScheduled::#scheduled,
                    non_device: #non_device,
                                        roles: &[#(#roles),*],
                    smets: dsp::SmetsApplicability::#smets,
                    subject: #subject,
                };
            }
        })
    }

    fn general_function(&mut self) -> CheckFn {
        let entries: Vec<Entry<RuleRow>> = self
            .view
            .rules
            .iter()
            .filter(|e| e.forms().all(|r| matches!(r.scope, Scope::All)))
            .cloned()
            .collect();
        let steps: Vec<TokenStream> = entries.iter().map(|e| self.rule_entry(e, None)).collect();
        check_fn(
            "general",
            None,
            false,
            quote! {
                /// The general checks, in the order of `spec/rules.csv`.
                pub(crate) fn general(run: &mut dsp::Run<'_>) -> Result<(), dsp::Stop> {
                    #(#steps)*
                    Ok(())
                }
            },
        )
    }

    /// The function of an SRV that has specific rules, processing or a
    /// subject field (the others go through the generic path), and the arm
    /// of `checks` that calls it.
    fn srv_function(&mut self, row: &MatrixRow) -> Option<(TokenStream, CheckFn)> {
        let srv = row.srv.value.clone();
        let specific: Vec<Entry<RuleRow>> = self
            .view
            .rules
            .iter()
            .filter(|e| {
                e.forms()
                    .any(|r| matches!(&r.scope, Scope::Srvs(_)) && r.scope.includes(&srv))
            })
            .cloned()
            .collect();
        let processing: Vec<Entry<ProcessingRow>> = self
            .view
            .processing
            .iter()
            .filter(|e| e.forms().any(|r| r.scope.includes(&srv)))
            .cloned()
            .collect();
        if specific.is_empty() && processing.is_empty() && row.subject.is_none() {
            return None;
        }
        let f = srv_fn(&srv);
        let doc = format!(" SRV {srv} '{}'.", row.name);
        let body_ty = self.body_variant(&row.body.value).cloned();
        let body_ctx = body_ty.as_ref().and_then(|v| v.ty);
        self.bindings.clear();
        let subject = match &row.subject {
            Some(path) => {
                let value = self.lexical(path, body_ctx, &row.subject_pos);
                quote! {
                    if body.is_some() {
                        let subject = run.device(#value);
                        run.set_subject(subject);
                    }
                }
            }
            None => TokenStream::new(),
        };
        let rule_steps: Vec<TokenStream> = specific
            .iter()
            .map(|e| self.rule_entry(e, body_ctx))
            .collect();
        let processing_steps: Vec<TokenStream> = processing
            .iter()
            .map(|e| self.processing_entry(e, body_ctx))
            .collect();
        let reads = |c: &Option<crate::spec::cell::Condition>| {
            c.as_ref().is_some_and(|c| !c.expr.fields().is_empty())
        };
        let uses_body = row.subject.is_some()
            || specific.iter().flat_map(|e| e.forms()).any(|r| {
                reads(&r.when)
                    || reads(&r.unless)
                    || matches!(&r.check, Check::Condition(c) if !c.expr.fields().is_empty())
            })
            || processing
                .iter()
                .flat_map(|e| e.forms())
                .any(|r| reads(&r.when) || !r.action.call.fields().is_empty());
        // The body, as the function takes it and as `checks` passes it.
        let (body_param, body_arg, body_key) = match &body_ty {
            _ if !uses_body => (TokenStream::new(), TokenStream::new(), None),
            Some(variant) => {
                let v = ident(&variant.variant);
                let body_enum = &self.types.body_enum;
                let (ty, key) = self.body_type(variant);
                (
                    quote!(body: Option<&#ty>,),
                    quote! {
                        let body = match &request.body {
                            #body_enum::#v(body) => Some(body),
                            _ => None,
                        };
                    },
                    key,
                )
            }
            // Not in the schema: an error is reported where a row reads it.
            None => (quote!(body: Option<&()>,), quote!(let body = None;), None),
        };
        let hooked = !self.always_specified(&srv);
        let (hook_call, pending_param) = if hooked {
            (
                quote! {
                    if !run.is_specified() {
                        let found = pending(run.context());
                        run.hook("PendingChecks::check", found)?;
                    }
                },
                quote!(pending: &dsp::Pending<'_>,),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        let field_bindings: Vec<TokenStream> = self
            .bindings
            .iter()
            .map(|b| {
                let name = &b.name;
                let value = &b.value;
                quote!(let #name = #value;)
            })
            .collect();
        let body_pass = if uses_body {
            quote!(body,)
        } else {
            TokenStream::new()
        };
        let hook_pass = if hooked {
            quote!(&hook,)
        } else {
            TokenStream::new()
        };
        let arm = quote! {
            #srv => {
                #body_arg
                #f(run, #body_pass #hook_pass)
            }
        };
        let function = check_fn(
            &f.to_string(),
            body_key,
            true,
            quote! {
                #[doc = #doc]
                pub(crate) fn #f(
                    run: &mut dsp::Run<'_>,
                    #body_param
                    #pending_param
                ) -> Result<(), dsp::Stop> {
                    #(#field_bindings)*
                    #subject
                    general(run)?;
                    #(#rule_steps)*
                    #hook_call
                    #(#processing_steps)*
                    Ok(())
                }
            },
        );
        Some((arm, function))
    }

    /// The Rust type of an SRV's body element, and its item when it is one.
    fn body_type(&self, variant: &ShapeVariant) -> (TokenStream, Option<ItemKey>) {
        match variant.ty {
            Some(TypeRef::Complex(id)) => {
                let key = self.emitter.complex_key(id).clone();
                (item_path(&key), Some(key))
            }
            Some(TypeRef::Simple(simple)) => (self.emitter.simple_type_path(simple), None),
            None => (quote!(()), None),
        }
    }

    /// A rule in the form the configuration selects.
    fn rule_entry(&mut self, entry: &Entry<RuleRow>, body: Option<TypeRef>) -> TokenStream {
        let base = entry
            .base
            .as_ref()
            .map(|row| self.rule_eval(row, None, body));
        match &entry.change {
            None => base.unwrap_or_default(),
            Some((m, changed)) => {
                let path = modification_path(m);
                let modified = match changed {
                    Some(row) => self.rule_eval(row, Some(m), body),
                    None => {
                        let s = match &entry.base {
                            Some(base) => self.rule_path(base, None),
                            None => TokenStream::new(),
                        };
                        quote!(run.removed(&#s, &#path);)
                    }
                };
                match base {
                    Some(base) => quote! {
                        if run.active(&#path) { #modified } else { #base }
                    },
                    None => quote! {
                        if run.active(&#path) { #modified }
                    },
                }
            }
        }
    }

    fn rule_path(&mut self, row: &RuleRow, modification: Option<&str>) -> TokenStream {
        let version = self.version().to_owned();
        let name = self.pool.intern(
            &static_name(&row.id.value, modification),
            &version,
            |name| rule_static_item(name, row, modification),
        );
        quote!(crate::tables::#name)
    }

    fn action_path(&mut self, row: &ProcessingRow, modification: Option<&str>) -> TokenStream {
        let version = self.version().to_owned();
        let name = self.pool.intern(
            &static_name(&row.id.value, modification),
            &version,
            |name| action_static_item(name, row, modification),
        );
        quote!(crate::tables::#name)
    }

    fn rule_eval(
        &mut self,
        row: &RuleRow,
        modification: Option<&str>,
        body: Option<TypeRef>,
    ) -> TokenStream {
        let s = self.rule_path(row, modification);
        let cond = match &row.check {
            Check::NoSpecificValidation => return quote!(run.no_specific_validation(&#s);),
            Check::Condition(c) => c,
        };
        let reads_body = [&row.when, &row.unless]
            .into_iter()
            .flatten()
            .chain(std::iter::once(cond))
            .any(|c| !c.expr.fields().is_empty());
        let closure =
            |this: &mut Self, c: Option<&crate::spec::cell::Condition>, default: bool| match c {
                None => {
                    if default {
                        quote!(|_| true)
                    } else {
                        quote!(|_| false)
                    }
                }
                Some(c) => {
                    let tokens = this.condition(&c.expr, body, c);
                    quote!(|r| #tokens)
                }
            };
        let when = closure(self, row.when.as_ref(), true);
        let unless = closure(self, row.unless.as_ref(), false);
        let check = closure(self, Some(cond), true);
        let call = quote!(run.rule(&#s, #when, #unless, #check)?;);
        if reads_body {
            quote! {
                                if body.is_some() {
                    #call
                } else {
                    run.body_unavailable(&#s);
                }
            }
        } else {
            call
        }
    }

    fn processing_entry(
        &mut self,
        entry: &Entry<ProcessingRow>,
        body: Option<TypeRef>,
    ) -> TokenStream {
        let base = entry
            .base
            .as_ref()
            .map(|row| self.processing_eval(row, None, body));
        match &entry.change {
            None => base.unwrap_or_default(),
            Some((m, changed)) => {
                let path = modification_path(m);
                let modified = match changed {
                    Some(row) => self.processing_eval(row, Some(m), body),
                    None => {
                        let s = match &entry.base {
                            Some(base) => self.action_path(base, None),
                            None => TokenStream::new(),
                        };
                        quote!(run.process_removed(&#s, &#path);)
                    }
                };
                match base {
                    Some(base) => quote! {
                        if run.active(&#path) { #modified } else { #base }
                    },
                    None => quote! {
                        if run.active(&#path) { #modified }
                    },
                }
            }
        }
    }

    fn processing_eval(
        &mut self,
        row: &ProcessingRow,
        modification: Option<&str>,
        body: Option<TypeRef>,
    ) -> TokenStream {
        let s = self.action_path(row, modification);
        let when = match &row.when {
            None => quote!(|_| true),
            Some(c) => {
                let tokens = self.condition(&c.expr, body, c);
                quote!(|r| #tokens)
            }
        };
        let verb = row.action.call.name;
        let pos = row.action.text.pos.clone();
        let args: Vec<TokenStream> = row
            .action
            .call
            .args
            .iter()
            .map(|arg| match arg {
                Arg::Device(d) => {
                    let d = self.device(d, body, &pos);
                    quote!(#d.to_string())
                }
                Arg::Field(f) => {
                    let f = self.lexical(f, body, &pos);
                    quote!(#f.unwrap_or_default().to_owned())
                }
                Arg::Literal(l) => {
                    let text = &l.text;
                    quote!(#text.to_owned())
                }
            })
            .collect();
        let reads_body = !row.action.call.fields().is_empty()
            || row
                .when
                .as_ref()
                .is_some_and(|c| !c.expr.fields().is_empty());
        let uses_run = row
            .action
            .call
            .args
            .iter()
            .any(|a| matches!(a, Arg::Device(_)));
        let arguments = if uses_run {
            quote!(|r| vec![#(#args),*])
        } else {
            quote!(|_| vec![#(#args),*])
        };
        let call = quote!(run.process(&#s, #verb, #when, #arguments););
        if reads_body {
            quote! {
                if body.is_some() {
                    #call
                } else {
                    run.process_body_unavailable(&#s);
                }
            }
        } else {
            call
        }
    }

    fn condition(
        &mut self,
        expr: &Expr,
        body: Option<TypeRef>,
        c: &crate::spec::cell::Condition,
    ) -> TokenStream {
        self.condition_at(expr, body, c, true)
    }

    /// A condition as a Rust expression; `top`: not inside another operator
    /// (no parentheses needed).
    fn condition_at(
        &mut self,
        expr: &Expr,
        body: Option<TypeRef>,
        c: &crate::spec::cell::Condition,
        top: bool,
    ) -> TokenStream {
        let joined = |this: &mut Self, items: &[Expr], and: bool| {
            let items: Vec<TokenStream> = items
                .iter()
                .map(|e| this.condition_at(e, body, c, false))
                .collect();
            let tokens = if and {
                quote!(#(#items)&&*)
            } else {
                quote!(#(#items)||*)
            };
            if top { tokens } else { quote!((#tokens)) }
        };
        match expr {
            Expr::And(items) => joined(self, items, true),
            Expr::Or(items) => joined(self, items, false),
            Expr::Not(inner) => {
                let inner = self.condition_at(inner, body, c, false);
                quote!(!#inner)
            }
            Expr::Call(call) => self.predicate(call, body, &c.pos_of(call.span)),
        }
    }

    fn predicate(&mut self, call: &Call, body: Option<TypeRef>, pos: &Pos) -> TokenStream {
        let method = ident(&call.name.replace('-', "_"));
        let mut devices = Vec::new();
        let mut fields = Vec::new();
        let mut literals = Vec::new();
        for arg in &call.args {
            match arg {
                Arg::Device(d) => devices.push(self.device(d, body, pos)),
                Arg::Field(f) => fields.push(f.clone()),
                Arg::Literal(l) => literals.push(l.clone()),
            }
        }
        let list = |kind: Param, literals: &[crate::spec::expr::Literal]| -> TokenStream {
            let items = literals.iter().map(|l| match kind {
                Param::Status => {
                    let v = ident(&l.text);
                    quote!(dsp::DeviceStatus::#v)
                }
                Param::DeviceType => {
                    let v = ident(&l.text);
                    quote!(dsp::DeviceType::#v)
                }
                Param::Role => {
                    let v = ident(&l.text);
                    quote!(dsp::UserRole::#v)
                }
                Param::CommandVariant => {
                    let n: u8 = l.text.parse().unwrap_or(0);
                    quote!(#n)
                }
                _ => {
                    let text = &l.text;
                    quote!(#text)
                }
            });
            quote!(&[#(#items),*])
        };
        match call.name {
            "smets" => {
                let d = &devices[0];
                let generation = if literals[0].text == "SMETS1" {
                    quote!(dsp::Smets::Smets1)
                } else {
                    quote!(dsp::Smets::Smets2)
                };
                quote!(r.smets(&#d, #generation))
            }
            "not-future" => {
                let field = &fields[0];
                match self.typed(body, field, pos) {
                    Some((access, Leaf::Simple(SimpleRef::Builtin(Builtin::DateTime)))) => {
                        quote!(r.not_future(#access))
                    }
                    Some(_) => {
                        self.error(
                            pos,
                            format!(
                                "`not-future` needs an xs:dateTime field; `{}` is not one",
                                field.text()
                            ),
                        );
                        quote!(true)
                    }
                    None => quote!(true),
                }
            }
            "present" => {
                let field = &fields[0];
                match self.typed(body, field, pos) {
                    Some((access, _)) => quote!(#access.is_some()),
                    None => quote!(true),
                }
            }
            "value-in" | "original-srv-in" | "csp-wan-variant-in" => {
                let field = &fields[0];
                if call.name == "value-in" {
                    self.check_values(body, field, &literals, pos);
                }
                let value = self.lexical(field, body, pos);
                let values = list(literals[0].kind, &literals);
                quote!(r.#method(#value, #values))
            }
            _ => {
                let mut args: Vec<TokenStream> = devices.iter().map(|d| quote!(&#d)).collect();
                if let Some(first) = literals.first() {
                    args.push(list(first.kind, &literals));
                }
                quote!(r.#method(#(#args),*))
            }
        }
    }

    fn device(&mut self, term: &DeviceTerm, body: Option<TypeRef>, pos: &Pos) -> TokenStream {
        match term {
            DeviceTerm::Target => quote!(r.target()),
            DeviceTerm::Subject => quote!(r.subject()),
            DeviceTerm::Field(f) => {
                let value = self.lexical(f, body, pos);
                quote!(r.device(#value))
            }
            DeviceTerm::GasProxyOf(inner) => {
                let inner = self.device(inner, body, pos);
                quote!(r.gas_proxy_of(&#inner))
            }
        }
    }

    /// The field's value as text, `Option<&str>`, from a binding of the SRV function.
    fn lexical(&mut self, field: &FieldPath, body: Option<TypeRef>, pos: &Pos) -> TokenStream {
        match self.path(body, field, pos) {
            Some((access, Leaf::Simple(_))) => {
                let name = self.bind(
                    field,
                    false,
                    quote!(#access.map(rt::SimpleValue::to_lexical)),
                );
                quote!(#name.as_deref())
            }
            Some((_, Leaf::Complex)) => {
                self.error(
                    pos,
                    format!(
                        "`{}` is an element with child elements or attributes, not a value",
                        field.text()
                    ),
                );
                quote!(None)
            }
            None => quote!(None),
        }
    }

    /// The field's typed value, `Option<&T>`, from a binding of the SRV function.
    fn typed(
        &mut self,
        body: Option<TypeRef>,
        field: &FieldPath,
        pos: &Pos,
    ) -> Option<(TokenStream, Leaf)> {
        let (access, leaf) = self.path(body, field, pos)?;
        let name = self.bind(field, true, access);
        Some((quote!(#name), leaf))
    }

    /// The name of the binding of a field, made on first use.
    fn bind(&mut self, field: &FieldPath, typed: bool, value: TokenStream) -> proc_macro2::Ident {
        let path = field.text();
        if let Some(b) = self
            .bindings
            .iter()
            .find(|b| b.path == path && b.typed == typed)
        {
            return b.name.clone();
        }
        let mut name = field
            .steps
            .iter()
            .map(|s| super::ident::snake(s).trim_start_matches("r#").to_owned())
            .collect::<Vec<_>>()
            .join("_");
        if typed && self.bindings.iter().any(|b| b.path == path) {
            name.push_str("_value");
        }
        let name = ident(&name);
        self.bindings.push(Binding {
            path,
            typed,
            name: name.clone(),
            value,
        });
        name
    }

    /// Checks `value-in` values against the field's enumeration, if it has one.
    fn check_values(
        &mut self,
        body: Option<TypeRef>,
        field: &FieldPath,
        values: &[crate::spec::expr::Literal],
        pos: &Pos,
    ) {
        let Some((_, Leaf::Simple(ty))) = self.path(body, field, pos) else {
            return;
        };
        let set = self.emitter.schema_set();
        if let Some(enumeration) = set.enumeration(ty) {
            for value in values {
                if !enumeration.contains(&value.text) {
                    self.error(
                        pos,
                        format!(
                            "`{}` is not a value of `{}` (its enumeration: {})",
                            value.text,
                            field.text(),
                            enumeration.join(", ")
                        ),
                    );
                }
            }
        }
    }

    /// The accessor of a body field, `Option<&T>`, and what it reaches.
    fn path(
        &mut self,
        body: Option<TypeRef>,
        field: &FieldPath,
        pos: &Pos,
    ) -> Option<(TokenStream, Leaf)> {
        let mut tokens = quote!(body);
        let Some(mut current) = body else {
            self.error(
                pos,
                format!(
                    "`{}`: the SRV's body element is not in the schema",
                    field.text()
                ),
            );
            return None;
        };
        for step in &field.steps {
            let TypeRef::Complex(id) = current else {
                self.error(
                    pos,
                    format!("`{}`: `{step}` is below a simple value", field.text()),
                );
                return None;
            };
            match self.step(id, step) {
                Ok((access, next)) => {
                    tokens = quote!(#tokens #access);
                    current = next;
                }
                Err(message) => {
                    self.error(pos, format!("`{}`: {message}", field.text()));
                    return None;
                }
            }
        }
        let leaf = match current {
            TypeRef::Simple(s) => Leaf::Simple(s),
            TypeRef::Complex(_) => Leaf::Complex,
        };
        Some((tokens, leaf))
    }

    /// One step of a path: the accessor to apply to an `Option<&Parent>`.
    fn step(&self, parent: ComplexId, local: &str) -> Result<(TokenStream, TypeRef), String> {
        let set = self.emitter.schema_set();
        let parent_name = set
            .complex(parent)
            .name
            .as_ref()
            .map_or_else(|| "(anonymous type)".to_owned(), |n| set.display_name(n));
        let shape = self
            .emitter
            .shapes
            .get(&parent)
            .ok_or_else(|| format!("{parent_name} has no fields"))?;
        let repeated = |occurs: Occurs| matches!(occurs, Occurs::Many(..));
        match shape {
            Shape::Struct { fields, .. } => {
                for f in fields {
                    let name = ident(&f.name);
                    match &f.kind {
                        FieldKind::Element {
                            local: l,
                            occurs,
                            ty,
                        } if l == local => {
                            if repeated(*occurs) {
                                return Err(format!(
                                    "`{local}` repeats; a path reads single elements"
                                ));
                            }
                            let access = if *occurs == Occurs::Optional {
                                quote!(.and_then(|v| v.#name.as_ref()))
                            } else {
                                quote!(.map(|v| &v.#name))
                            };
                            return Ok((access, *ty));
                        }
                        FieldKind::Choice {
                            key,
                            occurs,
                            variants,
                        } => {
                            if let Some(v) =
                                variants.iter().find(|v| v.local.as_deref() == Some(local))
                            {
                                if repeated(*occurs)
                                    || repeated(v.occurs)
                                    || v.occurs == Occurs::Optional
                                {
                                    return Err(format!(
                                        "`{local}` repeats; a path reads single elements"
                                    ));
                                }
                                let enum_path = item_path(key);
                                let variant = ident(&v.variant);
                                let access = if *occurs == Occurs::Optional {
                                    quote!(.and_then(|v| match v.#name.as_ref() { Some(#enum_path::#variant(x)) => Some(x), _ => None }))
                                } else {
                                    quote!(.and_then(|v| match &v.#name { #enum_path::#variant(x) => Some(x), _ => None }))
                                };
                                return Ok((access, v.ty.ok_or("not an element")?));
                            }
                        }
                        _ => {}
                    }
                }
                Err(format!("{parent_name} has no element `{local}`"))
            }
            Shape::Choice { key, variants } => {
                let v = variants
                    .iter()
                    .find(|v| v.local.as_deref() == Some(local))
                    .ok_or_else(|| format!("{parent_name} has no element `{local}`"))?;
                if v.occurs != Occurs::One {
                    return Err(format!("`{local}` repeats; a path reads single elements"));
                }
                let enum_path = item_path(key);
                let variant = ident(&v.variant);
                Ok((
                    quote!(.and_then(|v| match v { #enum_path::#variant(x) => Some(x), _ => None })),
                    v.ty.ok_or("not an element")?,
                ))
            }
        }
    }
}

pub(super) fn check_fn(
    name: &str,
    body: Option<ItemKey>,
    calls_general: bool,
    tokens: TokenStream,
) -> CheckFn {
    CheckFn {
        name: name.to_owned(),
        body,
        calls_general,
        text: tokens.to_string(),
        tokens,
    }
}

fn item_path(key: &ItemKey) -> TokenStream {
    let module = ident(&key.module);
    let name = ident(&key.name);
    quote!(super::#module::#name)
}

fn text_of(c: &Option<crate::spec::cell::Condition>) -> &str {
    c.as_ref().map_or("", |c| c.text.value.as_str())
}

fn rule_static_item(
    name: &proc_macro2::Ident,
    row: &RuleRow,
    modification: Option<&str>,
) -> TokenStream {
    let id = &row.id.value;
    let check = match &row.check {
        Check::Condition(c) => c.text.value.as_str(),
        Check::NoSpecificValidation => "none",
    };
    let when = text_of(&row.when);
    let unless = text_of(&row.unless);
    let code = row.code.as_ref().map_or("", |c| c.value.as_str());
    let effect = match row.effect {
        Effect::Reject => quote!(Reject),
        Effect::Warn => quote!(Warn),
    };
    let description = &row.description;
    let specific = !matches!(row.scope, Scope::All);
    let by = match modification {
        Some(m) => {
            let p = modification_path(m);
            quote!(Some(&#p))
        }
        None => quote!(None),
    };
    let mut doc = vec![format!("`{id}`: {description}")];
    if let Some(m) = modification {
        doc.push(format!("As {m} makes it."));
    }
    let docs = doc_lines(&doc);
    quote! {
        #docs
        pub static #name: dsp::Rule = dsp::Rule {
            id: #id,
            check: #check,
            when: #when,
            unless: #unless,
            code: #code,
            effect: dsp::Effect::#effect,
            description: #description,
            specific: #specific,
            modification: #by,
        };
    }
}

fn action_static_item(
    name: &proc_macro2::Ident,
    row: &ProcessingRow,
    modification: Option<&str>,
) -> TokenStream {
    let id = &row.id.value;
    let action = row.action.text.value.as_str();
    let when = text_of(&row.when);
    let description = &row.description;
    let by = match modification {
        Some(m) => {
            let p = modification_path(m);
            quote!(Some(&#p))
        }
        None => quote!(None),
    };
    let mut doc = vec![format!("`{id}`: {description}")];
    if let Some(m) = modification {
        doc.push(format!("As {m} makes it."));
    }
    let docs = doc_lines(&doc);
    quote! {
        #docs
        pub static #name: dsp::Action = dsp::Action {
            id: #id,
            action: #action,
            when: #when,
            description: #description,
            modification: #by,
        };
    }
}

/// Finds `sr:Request`, its `Body` choice and its `Header` fields.
fn request_types(emitter: &VersionEmitter<'_>) -> Result<RequestTypes, String> {
    let set = emitter.schema_set();
    let index = set
        .elements
        .iter()
        .position(|e| e.name.local == "Request" && e.name.ns.is_some())
        .ok_or("the schema has no global element `Request`")?;
    let TypeRef::Complex(request_id) = set.elements[index].ty else {
        return Err("`Request` has a simple type".into());
    };
    let request_key = emitter.complex_key(request_id).clone();
    let Some(Shape::Struct { fields, .. }) = emitter.shapes.get(&request_id) else {
        return Err("`Request` is not a struct".into());
    };
    let child = |local: &str| -> Result<(String, TypeRef), String> {
        fields
            .iter()
            .find_map(|f| match &f.kind {
                FieldKind::Element { local: l, ty, .. } if l == local => {
                    Some((f.name.clone(), *ty))
                }
                _ => None,
            })
            .ok_or_else(|| format!("`Request` has no element `{local}`"))
    };
    let (_, body_ty) = child("Body")?;
    let (_, header_ty) = child("Header")?;
    let TypeRef::Complex(body_id) = body_ty else {
        return Err("`Request/Body` has a simple type".into());
    };
    let Some(Shape::Choice {
        key: body_key,
        variants,
    }) = emitter.shapes.get(&body_id)
    else {
        return Err("`Request/Body` is not a choice".into());
    };
    let TypeRef::Complex(header_id) = header_ty else {
        return Err("`Request/Header` has a simple type".into());
    };
    let Some(Shape::Struct {
        fields: header_fields,
        ..
    }) = emitter.shapes.get(&header_id)
    else {
        return Err("`Request/Header` is not a struct".into());
    };
    let header_field = |local: &str| -> Result<proc_macro2::Ident, String> {
        header_fields
            .iter()
            .find_map(|f| match &f.kind {
                FieldKind::Element { local: l, .. } if l == local => Some(ident(&f.name)),
                _ => None,
            })
            .ok_or_else(|| format!("`Request/Header` has no element `{local}`"))
    };

    let srv_field = header_fields
        .iter()
        .find_map(|f| match &f.kind {
            FieldKind::Element { local, ty, .. } if local == "ServiceReferenceVariant" => Some(*ty),
            _ => None,
        })
        .ok_or("`Request/Header` has no element `ServiceReferenceVariant`")?;
    let srv_enum = match srv_field {
        TypeRef::Simple(simple) => emitter.simple_type_path(simple),
        TypeRef::Complex(_) => return Err("`ServiceReferenceVariant` is not a simple type".into()),
    };
    Ok(RequestTypes {
        srv_enum,
        request: item_path(&request_key),
        body_enum: item_path(body_key),
        body_variants: variants.clone(),
        header: HeaderFields {
            request_id: header_field("RequestID")?,
            command_variant: header_field("CommandVariant")?,
            service_reference: header_field("ServiceReference")?,
            service_reference_variant: header_field("ServiceReferenceVariant")?,
        },
    })
}
