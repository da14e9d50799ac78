//! The reports a spec author attaches to an impact assessment.
//!
//! `impact`: for each seed modification, exactly the cases it should change
//! (the lists below were checked by hand against the seeds' texts).
//! `diff-versions`: exactly the differences the published schemas have (the
//! lists below were checked by hand against a textual `diff` of the XSD
//! files, which also shows the differences that are none: comments,
//! `schemaLocation`, a `maxOccurs="1"` written out).

use std::path::{Path, PathBuf};

use duis::Version;
use duis_conformance::reports::schema_diff::{Canon, SchemaDiff};
use duis_conformance::reports::{self, Material, impact, versions};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn schema_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DUIS_SCHEMA_DIR").map(PathBuf::from)?;
    dir.is_dir().then_some(dir)
}

fn skipped(test: &str) {
    eprintln!(
        "SKIPPED {test}: DUIS_SCHEMA_DIR is not set to the published schemas; `bash .ci/run` sets it"
    );
}

fn no_progress(_: &str) {}

/// The cases whose outcome the modification changes, per version.
fn changed(material: &Material, id: &str) -> Vec<(String, Option<Vec<String>>)> {
    let (_, summary) = impact::report(material, id, &[], &mut no_progress).expect("the report");
    summary
        .versions
        .into_iter()
        .map(|v| (v.version, v.differing))
        .collect()
}

fn names(prefix: &str, list: &[&str]) -> Vec<String> {
    list.iter().map(|n| format!("{prefix}{n}")).collect()
}

/// The written cases each seed changes in every published version.
fn expected(id: &str) -> Vec<String> {
    match id {
        "SECMP0178" => {
            let mut out = Vec::new();
            for file in ["unjoin-critical", "unjoin-noncritical"] {
                out.extend(names(
                    &format!("seeds/secmp0178/{file}/"),
                    &[
                        "smets1-not-joined",
                        "smets1-not-joined-switch-off",
                        "smets2-not-joined",
                        "smets2-not-joined-before",
                        "smets2-not-joined-switch-off",
                    ],
                ));
            }
            out
        }
        "SECMP0107" => names(
            "seeds/secmp0107/update-security-credentials-krp/",
            &[
                "ed-smets1-unregistered",
                "ed-smets1-unregistered-before",
                "ed-smets1-unregistered-switch-off",
                "gt-smets1-unregistered",
                "gt-smets1-unregistered-switch-off",
            ],
        ),
        "MP081" => {
            let mut out = names(
                "seeds/mp081/chf-install-no-sm-wan/",
                &[
                    "chf-commissioned",
                    "chf-pending-before",
                    "chf-pending-gpf-installed",
                    "chf-pending-gpf-pending",
                    "install-in-the-future",
                    "not-a-chf",
                    "not-a-chf-before",
                ],
            );
            out.extend(names(
                "seeds/mp081/request-wan-matrix/",
                &["space-variant", "space-variant-before"],
            ));
            out.extend(names(
                "seeds/mp081/retrieve-device-security-credentials/",
                &["before", "in-force"],
            ));
            out.extend(names(
                "seeds/mp081/return-local-command-response/",
                &[
                    "original-6.15.1",
                    "original-6.15.1-before",
                    "original-6.21",
                    "original-6.21-before",
                ],
            ));
            out
        }
        _ => Vec::new(),
    }
}

#[test]
fn impact_of_each_seed_lists_exactly_the_cases_it_changes() {
    let material = Material::load(&spec_dir(), None).expect("the spec and the cases");
    for id in ["SECMP0178", "SECMP0107", "MP081"] {
        for (version, differing) in changed(&material, id) {
            let differing = differing.unwrap_or_else(|| panic!("{id} applies to DUIS {version}"));
            let want = if version.contains('-') {
                Vec::new()
            } else {
                expected(id)
            };
            assert_eq!(differing, want, "{id} under DUIS {version}");
        }
    }
    // SECMP0192 applies to its draft only; there, to SMETS2 schedules of
    // 4.3 and 4.4.3 (SMETS1 ones and 4.6.1 are accepted either way).
    for (version, differing) in changed(&material, "SECMP0192") {
        if version == "5.4-secmp0192" {
            assert_eq!(
                differing,
                Some(names(
                    "seeds/secmp0192/create-schedule/",
                    &["4.3-smets2", "4.4.3-smets2"]
                ))
            );
        } else {
            assert_eq!(differing, None, "SECMP0192 under DUIS {version}");
        }
    }
}

#[test]
fn impact_names_an_unknown_modification() {
    let material = Material::load(&spec_dir(), None).expect("the spec and the cases");
    let error = impact::report(&material, "SECMP9999", &[], &mut no_progress)
        .expect_err("no such modification");
    assert!(error.to_string().contains("SECMP0178"), "{error}");
}

#[test]
fn corpus_impact_on_the_sweep_of_the_general_checks() {
    let Some(schemas) = schema_dir() else {
        return skipped("corpus_impact_on_the_sweep_of_the_general_checks");
    };
    let material = Material::load(&spec_dir(), Some(&schemas)).expect("the material");
    let swept = |id: &str| -> Vec<(String, Vec<String>)> {
        changed(&material, id)
            .into_iter()
            .filter_map(|(v, d)| Some((v, d?)))
            .map(|(v, d)| {
                (
                    v,
                    d.into_iter()
                        .filter(|n| n.starts_with("general/"))
                        .collect(),
                )
            })
            .collect()
    };
    let every = |list: &[&str]| -> Vec<(String, Vec<String>)> {
        ["5.0", "5.3", "5.4", "5.4-secmp0192"]
            .iter()
            .map(|v| ((*v).to_owned(), names("general/", list)))
            .collect()
    };
    // The sweep's passing unjoins name an Other Device that is not joined.
    assert_eq!(swept("SECMP0178"), every(&["8.8.1/passes", "8.8.2/passes"]));
    // 6.24.2 gains the certificate reconciliation; 8.14.2 to a
    // Decommissioned device meets S-081401 (it is an ESME) instead of E5.
    assert_eq!(swept("MP081"), every(&["6.24.2/passes", "8.14.2/G-E5"]));
    assert_eq!(swept("SECMP0107"), every(&[]));
    assert_eq!(
        swept("SECMP0192"),
        vec![("5.4-secmp0192".to_owned(), Vec::new())]
    );
}

fn schema_diff(material: &Material, a: &str, b: &str) -> SchemaDiff {
    let sets = material.schemas.as_ref().expect("the schemas");
    SchemaDiff::between(&Canon::of(&sets[a]), &Canon::of(&sets[b]))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn corpus_diff_versions_5_3_to_5_4() {
    let Some(schemas) = schema_dir() else {
        return skipped("corpus_diff_versions_5_3_to_5_4");
    };
    let material = Material::load(&spec_dir(), Some(&schemas)).expect("the material");
    let diff = schema_diff(&material, "5.3", "5.4");
    assert_eq!(
        diff.types_added,
        vec![("sr:Connectivity".to_owned(), "simple type")]
    );
    assert!(diff.types_removed.is_empty(), "{:?}", diff.types_removed);
    let changed: Vec<&str> = diff.types_changed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(changed, ["sr:Device"]);
    assert_eq!(
        diff.element_declarations,
        vec![(
            '+',
            "sr:Device".to_owned(),
            "element sr:Connectivity: sr:Connectivity [0..1]".to_owned()
        )]
    );
    assert!(diff.elements_added.is_empty() && diff.elements_removed.is_empty());
    assert!(diff.elements_changed.is_empty());
    assert_eq!(
        diff.enumerations,
        vec![
            (
                "sr:Connectivity".to_owned(),
                strings(&["Cellular", "Virtual"]),
                vec![]
            ),
            ("sr:ResponseCode".to_owned(), strings(&["E081406"]), vec![]),
        ]
    );
    let (a, b) = (
        reports::version("5.3").expect("5.3"),
        reports::version("5.4").expect("5.4"),
    );
    let (text, summary) = versions::report(&material, a, b, &mut no_progress).expect("the report");
    assert_eq!(summary.srvs, (0, 0, 0));
    assert_eq!(summary.codes, (1, 0));
    assert!(text.contains("| added | `E081406` |"), "{text}");
    assert_eq!(
        summary.cases.1, 0,
        "no case differs between 5.3 and 5.4:\n{text}"
    );
}

#[test]
fn corpus_diff_versions_5_0_to_5_3() {
    let Some(schemas) = schema_dir() else {
        return skipped("corpus_diff_versions_5_0_to_5_3");
    };
    let material = Material::load(&spec_dir(), Some(&schemas)).expect("the material");
    let diff = schema_diff(&material, "5.0", "5.3");
    let added: Vec<&str> = diff.types_added.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        added,
        [
            "sr:CoSCertificateAlert",
            "sr:CommsHubFirmwareActivation",
            "sr:DSPWANMatrixResponse",
            "sr:ECoSAlert"
        ]
    );
    assert!(diff.types_removed.is_empty());
    let changed: Vec<&str> = diff.types_changed.iter().map(|(n, _)| n.as_str()).collect();
    // ds:Signature's `maxOccurs="1"` written out in 5.0 is no change.
    assert_eq!(
        changed,
        [
            "ra:HeaderType",
            "sr:ChangeOfSupplier",
            "sr:DCCAlert",
            "sr:DSPSchedule",
            "sr:DSPWANMatrix"
        ]
    );
    let declared: Vec<(char, &str, &str)> = diff
        .element_declarations
        .iter()
        .map(|(s, owner, line)| (*s, owner.as_str(), line.split(": ").next().unwrap_or(line)))
        .collect();
    assert_eq!(
        declared,
        [
            ('~', "ra:HeaderType", "element ra:Timestamp"),
            ('+', "sr:ChangeOfSupplier", "element sr:ECoSErrorCode"),
            ('+', "sr:DCCAlert", "element sr:ECoSAlert"),
            ('+', "sr:DCCAlert", "element sr:CommsHubFirmwareActivation"),
            ('+', "sr:DCCAlert", "element sr:CoSCertificateAlert"),
            (
                '+',
                "sr:DSPSchedule",
                "element sr:DSPReadInstantaneousExportRegisters"
            ),
            ('+', "sr:DSPWANMatrix", "element sr:DSPWANMatrixResponse"),
            ('-', "sr:DSPWANMatrix", "element sr:CSPRegion"),
            ('-', "sr:DSPWANMatrix", "element sr:CoverageAvailability"),
            ('-', "sr:DSPWANMatrix", "element sr:AnticipatedCoverageDate"),
            ('-', "sr:DSPWANMatrix", "element sr:WANTechnology"),
            ('-', "sr:DSPWANMatrix", "element sr:ConnectivityLikelihood"),
            (
                '-',
                "sr:DSPWANMatrix",
                "element sr:AuxiliaryEquipmentRequired"
            ),
            ('-', "sr:DSPWANMatrix", "element sr:AdditionalInformation"),
        ]
    );
    let enumerations: Vec<(&str, Vec<&str>, Vec<&str>)> = diff
        .enumerations
        .iter()
        .map(|(w, a, r)| {
            (
                w.as_str(),
                a.iter().map(String::as_str).collect(),
                r.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let high = vec!["High", "Medium", "Low"];
    assert_eq!(
        enumerations,
        [
            (
                "DCCAlertMessage/DCCAlertCode",
                vec!["N63", "N64", "N65"],
                vec![]
            ),
            ("DSPWANMatrix/ConnectivityLikelihood", vec![], high.clone()),
            ("DSPWANMatrixResponse/ConnectivityLikelihood", high, vec![]),
            (
                "HeaderType/Timestamp/ClockStatus",
                vec!["reliable", "invalid", "unreliable"],
                vec![]
            ),
            (
                "sr:CSPRegion",
                vec!["4G North", "4G Central", "4G South"],
                vec![]
            ),
            ("sr:DSPScheduledServiceReference", vec!["4.2"], vec![]),
            (
                "sr:DSPScheduledServiceReferenceVariant",
                vec!["4.2"],
                vec![]
            ),
            (
                "sr:ResponseCode",
                vec![
                    "E65", "E66", "E67", "E68", "E69", "E70", "E71", "E050111", "E050112",
                    "E062305", "E062306", "E110106", "E120103"
                ],
                vec![]
            ),
        ]
    );
    let (a, b) = (
        reports::version("5.0").expect("5.0"),
        reports::version("5.3").expect("5.3"),
    );
    let (text, summary) = versions::report(&material, a, b, &mut no_progress).expect("the report");
    // SRV 4.2 becomes DCC Scheduled (the schema's new `4.2` values).
    assert_eq!(summary.srvs, (0, 0, 1));
    assert!(
        text.contains("| 4.2 'Read Instantaneous Export Registers' | DCC scheduled: No → Yes |"),
        "{text}"
    );
    assert_eq!(summary.codes, (13, 0));
}

#[test]
fn corpus_a_version_against_itself_differs_in_nothing() {
    let Some(schemas) = schema_dir() else {
        return skipped("corpus_a_version_against_itself_differs_in_nothing");
    };
    let material = Material::load(&spec_dir(), Some(&schemas)).expect("the material");
    for v in Version::ALL {
        let diff = schema_diff(&material, v.id(), v.id());
        assert!(diff.is_empty(), "DUIS {}: {diff:?}", v.id());
    }
}
