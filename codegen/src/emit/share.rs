//! Sharing types across versions: an item that is the same in two versions
//! is generated once, in the earlier version's module, and re-exported by the
//! later one.

use std::collections::BTreeMap;

use super::item::{Item, ItemKey};

/// For each version, the version (index) whose module defines each item.
///
/// An item of version `k` is the same as version `j`'s item of the same name
/// when their generated text is identical and every item it refers to is
/// itself the same in both. Starting from "identical text" and withdrawing
/// items whose dependencies differ until nothing changes finds the largest
/// such sharing (cycles included).
pub fn origins(versions: &[Vec<Item>]) -> Vec<BTreeMap<ItemKey, usize>> {
    let mut result: Vec<BTreeMap<ItemKey, usize>> = Vec::new();
    let texts: Vec<BTreeMap<&ItemKey, String>> = versions
        .iter()
        .map(|items| items.iter().map(|i| (&i.key, i.text())).collect())
        .collect();
    for (k, items) in versions.iter().enumerate() {
        let candidates: BTreeMap<&ItemKey, Vec<usize>> = items
            .iter()
            .map(|item| {
                let text = &texts[k][&item.key];
                let same: Vec<usize> = (0..k)
                    .filter(|&j| texts[j].get(&item.key) == Some(text))
                    .collect();
                (&item.key, same)
            })
            .collect();
        let mut choice: BTreeMap<&ItemKey, usize> =
            candidates.keys().map(|key| (*key, 0)).collect();
        let origin_of = |choice: &BTreeMap<&ItemKey, usize>, key: &ItemKey| -> usize {
            candidates
                .get(key)
                .and_then(|c| c.get(choice[key]).copied())
                .unwrap_or(k)
        };
        loop {
            let mut changed = false;
            for item in items {
                let origin = origin_of(&choice, &item.key);
                if origin == k {
                    continue;
                }
                let consistent = item.deps.iter().all(|dep| {
                    let here = if candidates.contains_key(dep) {
                        origin_of(&choice, dep)
                    } else {
                        k
                    };
                    result[origin].get(dep) == Some(&here)
                });
                if !consistent {
                    *choice.get_mut(&item.key).expect("every item has a choice") += 1;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        result.push(
            items
                .iter()
                .map(|item| (item.key.clone(), origin_of(&choice, &item.key)))
                .collect(),
        );
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn item(name: &str, text: proc_macro2::TokenStream, deps: &[&str]) -> Item {
        let key = |n: &str| ItemKey {
            module: "sr".into(),
            name: n.into(),
        };
        Item {
            key: key(name),
            tokens: text,
            deps: deps.iter().map(|d| key(d)).collect(),
            uses: Default::default(),
        }
    }

    #[test]
    fn identical_items_are_shared_and_changes_propagate_to_users() {
        let v0 = vec![
            item(
                "Code",
                quote!(
                    enum Code {
                        A,
                    }
                ),
                &[],
            ),
            item(
                "Header",
                quote!(
                    struct Header {
                        code: Code,
                    }
                ),
                &["Code"],
            ),
            item(
                "Id",
                quote!(
                    struct Id(String);
                ),
                &[],
            ),
        ];
        let v1 = vec![
            item(
                "Code",
                quote!(
                    enum Code {
                        A,
                        B,
                    }
                ),
                &[],
            ),
            item(
                "Header",
                quote!(
                    struct Header {
                        code: Code,
                    }
                ),
                &["Code"],
            ),
            item(
                "Id",
                quote!(
                    struct Id(String);
                ),
                &[],
            ),
        ];
        let v2 = vec![
            item(
                "Code",
                quote!(
                    enum Code {
                        A,
                        B,
                    }
                ),
                &[],
            ),
            item(
                "Header",
                quote!(
                    struct Header {
                        code: Code,
                    }
                ),
                &["Code"],
            ),
            item(
                "Id",
                quote!(
                    struct Id(String);
                ),
                &[],
            ),
        ];
        let origins = origins(&[v0, v1, v2]);
        let get = |v: usize, n: &str| {
            origins[v][&ItemKey {
                module: "sr".into(),
                name: n.into(),
            }]
        };
        assert_eq!(get(1, "Id"), 0);
        assert_eq!(get(1, "Code"), 1, "changed");
        assert_eq!(
            get(1, "Header"),
            1,
            "same text, but refers to a changed type"
        );
        assert_eq!(get(2, "Code"), 1);
        assert_eq!(get(2, "Header"), 1);
        assert_eq!(get(2, "Id"), 0);
    }

    #[test]
    fn cycles_are_shared_when_whole() {
        let v0 = vec![
            item(
                "A",
                quote!(
                    struct A(Vec<B>);
                ),
                &["B"],
            ),
            item(
                "B",
                quote!(
                    struct B(Vec<A>);
                ),
                &["A"],
            ),
        ];
        let v1 = v0.clone();
        let origins = origins(&[v0, v1]);
        assert!(origins[1].values().all(|&o| o == 0));
    }
}
