//! The behaviour of each seed modification, with its switch (or its SEC
//! release) off and on, through the generated validators. The requests are
//! ours, in the shape of DUIS requests; the scenarios are in-memory DCC
//! contexts read from the fixture format of `duis_conformance::scenario`.

use duis::dsp::Outcome;
use duis::{Document, Version};
use duis_conformance::scenario::Scenario;

const SUPPLIER: &str = "90-B3-D5-1F-30-01-00-00";
const DNO: &str = "90-B3-D5-1F-30-02-00-00";
const OTHER_DNO: &str = "90-B3-D5-1F-30-05-00-00";
const DCC: &str = "90-B3-D5-1F-30-00-00-02";
const ESME_S1: &str = "00-00-00-00-00-00-01-01";
const ESME_S2: &str = "00-00-00-00-00-00-02-01";
const CAD: &str = "00-00-00-00-00-00-02-0A";
const CHF: &str = "00-00-00-00-00-00-02-0C";
const GPF: &str = "00-00-00-00-00-00-02-0D";

/// The DCC's knowledge common to every scenario; `extra` adds to it.
fn scenario(release: &str, role: &str, extra: &str) -> Scenario {
    let text = format!(
        r#"
sec-release = "{release}"
received = "2024-07-01T09:00:00Z"
role = "{role}"
{extra}

[[user]]
id = "{SUPPLIER}"
party = "SUPPLIER-A"
roles = ["IS", "GS"]

[[user]]
id = "{DNO}"
party = "DNO-1"
roles = ["ED"]

[[user]]
id = "{OTHER_DNO}"
party = "DNO-2"
roles = ["ED"]

[[device]]
id = "{ESME_S1}"
type = "ESME"
status = "Commissioned"
smets = "SMETS1"
meter-point = "1100000000001"

[[device]]
id = "{ESME_S2}"
type = "ESME"
status = "Commissioned"
smets = "SMETS2"
meter-point = "1100000000002"

[[device]]
id = "{CAD}"
type = "CAD"
status = "Commissioned"
smets = "SMETS2"

[[device]]
id = "{CHF}"
type = "CHF"
status = "Pending"
smets = "SMETS2"
gas-proxy = "{GPF}"

[[device]]
id = "{GPF}"
type = "GPF"
status = "Pending"
smets = "SMETS2"

[[registration]]
meter-point = "1100000000001"
supplier = "SUPPLIER-A"
network-operator = "DNO-2"

[[registration]]
meter-point = "1100000000002"
supplier = "SUPPLIER-A"
network-operator = "DNO-2"
"#
    );
    // Switches come before the arrays of tables.
    Scenario::parse("seed scenario", &text).unwrap_or_else(|e| panic!("{e}"))
}

fn request(version: &str, originator: &str, target: &str, cv: u8, srv: &str, body: &str) -> String {
    let reference = srv
        .rsplitn(2, '.')
        .last()
        .filter(|_| srv.matches('.').count() == 2)
        .unwrap_or(srv);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="{version}">
  <sr:Header>
    <sr:RequestID>{originator}:{target}:1000</sr:RequestID>
    <sr:CommandVariant>{cv}</sr:CommandVariant>
    <sr:ServiceReference>{reference}</sr:ServiceReference>
    <sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
{body}
  </sr:Body>
</sr:Request>
"#
    )
}

fn run(version: Version, xml: &str, scenario: &Scenario) -> Outcome {
    let document: Document = version
        .decode(xml)
        .unwrap_or_else(|e| panic!("the request is not valid DUIS {}: {e}\n{xml}", version.id()));
    document
        .validate_request(&scenario.submission, &scenario.context, &scenario.config)
        .expect("a request")
}

fn v(id: &str) -> Version {
    Version::from_id(id).unwrap_or_else(|| panic!("version {id} is generated"))
}

fn unjoin(critical: bool, other: &str) -> String {
    let (srv, cv, element) = if critical {
        ("8.8.1", 4, "UnjoinServiceCritical")
    } else {
        ("8.8.2", 1, "UnjoinServiceNonCritical")
    };
    request(
        "5.4",
        SUPPLIER,
        ESME_S2,
        cv,
        srv,
        &format!("    <sr:{element}><sr:OtherDeviceID>{other}</sr:OtherDeviceID></sr:{element}>"),
    )
}

#[test]
fn secmp0178_unjoin_without_the_smi_join_check() {
    for critical in [true, false] {
        let xml = unjoin(critical, CAD);
        // Before the June 2024 release: E080801 for devices not joined.
        let before = run(v("5.4"), &xml, &scenario("2024-02", "IS", ""));
        assert_eq!(before.code, "E080801", "{before}");
        // From it, with the switch at its default (on): accepted; there is
        // no join record to remove.
        let after = run(v("5.4"), &xml, &scenario("2024-06", "IS", ""));
        assert_eq!(after.code, "I99", "{after}");
        assert!(after.processing.is_empty(), "{after}");
        // The switch off: as before.
        let off = run(
            v("5.4"),
            &xml,
            &scenario(
                "2024-06",
                "IS",
                "[switches]\nunjoin-without-smi-join-check = false",
            ),
        );
        assert_eq!(off.code, "E080801", "{off}");
    }
    // Joined devices pass either way; before, the join record must exist.
    let joined = format!("[[join]]\ndevices = [\"{ESME_S2}\", \"{CAD}\"]");
    let before = run(
        v("5.0"),
        &unjoin(true, CAD).replace("5.4", "5.0"),
        &scenario("2024-02", "IS", &joined),
    );
    assert_eq!(before.code, "I99", "{before}");
    assert_eq!(before.processing[0].action, "remove-join");
    // After: the same (the record is there to remove).
    let after = run(
        v("5.0"),
        &unjoin(true, CAD).replace("5.4", "5.0"),
        &scenario("2024-06", "IS", &joined),
    );
    assert_eq!(after.code, "I99", "{after}");
    assert_eq!(after.processing.len(), 1, "{after}");
    assert_eq!(after.processing[0].action, "remove-join");
    assert_eq!(after.processing[0].arguments, [ESME_S2, CAD]);
}

fn update_krp(target: &str, originator: &str) -> String {
    request(
        "5.3",
        originator,
        target,
        4,
        "6.15.1",
        "    <sr:UpdateSecurityCredentialsKRP>
      <sr:RemotePartyRole>NetworkOperator</sr:RemotePartyRole>
      <sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber>
      <sr:ReplacementCertificates>
        <sr:SupplierOrNetworkOperatorCertificates>
          <sr:DigitalSigningCertificate>ZHVpcy1ycyB0ZXN0</sr:DigitalSigningCertificate>
          <sr:KeyAgreementCertificate>ZHVpcy1ycyB0ZXN0</sr:KeyAgreementCertificate>
        </sr:SupplierOrNetworkOperatorCertificates>
      </sr:ReplacementCertificates>
      <sr:CertificationPathCertificates>
        <sr:Certificate>ZHVpcy1ycyB0ZXN0</sr:Certificate>
      </sr:CertificationPathCertificates>
      <sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks>
    </sr:UpdateSecurityCredentialsKRP>",
    )
}

#[test]
fn secmp0107_network_operator_6_15_1_to_smets1_without_registration_data() {
    let switch_off = "[switches]\n\"smets1-6.15.1-network-operator-without-rdp\" = false";
    // DNO-1 is not the registered network operator of either meter point.
    let smets1 = update_krp(ESME_S1, DNO);
    assert_eq!(
        run(v("5.3"), &smets1, &scenario("2022-06", "ED", "")).code,
        "E4"
    );
    assert_eq!(
        run(v("5.3"), &smets1, &scenario("2022-11", "ED", "")).code,
        "I99"
    );
    assert_eq!(
        run(v("5.3"), &smets1, &scenario("2022-11", "ED", switch_off)).code,
        "E4"
    );
    // The registered network operator passes either way.
    let registered = update_krp(ESME_S1, OTHER_DNO);
    assert_eq!(
        run(v("5.3"), &registered, &scenario("2022-06", "ED", "")).code,
        "I99"
    );
    // From a supplier that is not registered: still rejected.
    let unregistered_supplier =
        "[[user]]\nid = \"90-B3-D5-1F-30-06-00-00\"\nparty = \"SUPPLIER-B\"\nroles = [\"IS\"]";
    let from_supplier = update_krp(ESME_S1, "90-B3-D5-1F-30-06-00-00");
    for release in ["2022-06", "2022-11"] {
        let outcome = run(
            v("5.3"),
            &from_supplier,
            &scenario(release, "IS", unregistered_supplier),
        );
        assert_eq!(outcome.code, "E4", "{outcome}");
    }
    // SMETS2: critical requests are not checked against Registration Data.
    let smets2 = update_krp(ESME_S2, DNO);
    for release in ["2022-06", "2022-11"] {
        assert_eq!(
            run(v("5.3"), &smets2, &scenario(release, "ED", "")).code,
            "I99"
        );
    }
}

fn chf_install(device: &str, install: &str) -> String {
    request(
        "5.4",
        SUPPLIER,
        DCC,
        8,
        "8.14.2",
        &format!(
            "    <sr:CHFInstallSuccessNoSMWAN>
      <sr:DeviceID>{device}</sr:DeviceID>
      <sr:CHFInstallType>CHF Install - no SM WAN</sr:CHFInstallType>
      {install}
      <sr:MPxN>1100000000002</sr:MPxN>
      <sr:AerialInstall>false</sr:AerialInstall>
      <sr:CHFLocation>Basement or Cellar</sr:CHFLocation>
      <sr:PremiseType>Low Rise Apartment (MDU &lt;= 5 floors)</sr:PremiseType>
      <sr:MetalObstructionCheck>false</sr:MetalObstructionCheck>
      <sr:ConnectivityObstructionCheck>false</sr:ConnectivityObstructionCheck>
      <sr:SharedObstructionCheck>false</sr:SharedObstructionCheck>
    </sr:CHFInstallSuccessNoSMWAN>"
        ),
    )
}

#[test]
fn mp081_8_14_2_install_no_sm_wan() {
    let xml = chf_install(
        CHF,
        "<sr:InstallDateTime>2024-06-30T10:00:00Z</sr:InstallDateTime>",
    );
    // Before MP081 (February 2020), the general device-status check applies
    // to the Pending CHF.
    let before = run(v("5.4"), &xml, &scenario("2019-11", "IS", ""));
    assert_eq!(before.code, "E5", "{before}");
    // After: no E5; the warning, and both Pending devices become
    // InstalledNotCommissioned.
    let after = run(v("5.4"), &xml, &scenario("2020-02", "IS", ""));
    assert_eq!(
        (after.code, after.warnings.as_slice()),
        ("I0", &["W081401"][..]),
        "{after}"
    );
    let actions: Vec<String> = after.processing.iter().map(ToString::to_string).collect();
    assert_eq!(
        actions,
        [
            format!("set-status({CHF}, InstalledNotCommissioned)"),
            format!("set-status({GPF}, InstalledNotCommissioned)"),
        ]
    );
    // E081401: the notified device is not a CHF.
    let esme = chf_install(ESME_S2, "");
    assert_eq!(
        run(v("5.4"), &esme, &scenario("2020-02", "IS", "")).code,
        "E081401"
    );
    // E081402: the install date is after the request was received.
    let future = chf_install(
        CHF,
        "<sr:InstallDateTime>2024-07-02T00:00:00Z</sr:InstallDateTime>",
    );
    assert_eq!(
        run(v("5.4"), &future, &scenario("2020-02", "IS", "")).code,
        "E081402"
    );
    // A CHF already InstalledNotCommissioned: no warning, no processing.
    let installed = "[[device]]\nid = \"00-00-00-00-00-00-02-0E\"\ntype = \"CHF\"\nstatus = \"InstalledNotCommissioned\"\nsmets = \"SMETS2\"";
    let outcome = run(
        v("5.4"),
        &chf_install("00-00-00-00-00-00-02-0E", ""),
        &scenario("2020-02", "IS", installed),
    );
    assert!(
        outcome.warnings.is_empty() && outcome.processing.is_empty(),
        "{outcome}"
    );
}

#[test]
fn mp081_6_24_2_8_13_and_12_1() {
    // 6.24.2: no specific validation; certificates reconciled.
    let xml = request(
        "5.4",
        SUPPLIER,
        ESME_S2,
        4,
        "6.24.2",
        "    <sr:RetrieveDeviceSecurityCredentialsDevice><sr:CredentialType>Digital Signature</sr:CredentialType></sr:RetrieveDeviceSecurityCredentialsDevice>",
    );
    let before = run(v("5.4"), &xml, &scenario("2019-11", "IS", ""));
    assert!(before.processing.is_empty(), "{before}");
    assert!(before.trace.iter().any(|s| s.id == "hook"), "{before}");
    let after = run(v("5.4"), &xml, &scenario("2020-02", "IS", ""));
    assert_eq!(
        after.processing[0].to_string(),
        format!("reconcile-device-certificates({ESME_S2})")
    );
    assert!(after.trace.iter().any(|s| s.id == "S-062402"), "{after}");

    // 8.13: the returned response of a locally delivered 6.15.1 is processed
    // from MP081 on.
    let original = format!("{SUPPLIER}:{ESME_S2}:77");
    let returned = request(
        "5.4",
        SUPPLIER,
        DCC,
        8,
        "8.13",
        &format!(
            "    <sr:ReturnLocalCommandResponse><sr:OriginalRequestID>{original}</sr:OriginalRequestID><sr:DeviceGBCSResponse>3wkCAAAA</sr:DeviceGBCSResponse></sr:ReturnLocalCommandResponse>"
        ),
    );
    let known = format!("[[request]]\nid = \"{original}\"\nsrv = \"6.15.1\"");
    let before = run(v("5.4"), &returned, &scenario("2019-11", "IS", &known));
    assert!(before.processing.is_empty(), "{before}");
    let after = run(v("5.4"), &returned, &scenario("2020-02", "IS", &known));
    assert_eq!(
        after.processing[0].to_string(),
        format!("process-returned-response({original})")
    );

    // 12.1: a single-space WAN variant is reported as unconfirmed.
    let wan = request(
        "5.4",
        SUPPLIER,
        DCC,
        8,
        "12.1",
        "    <sr:RequestWANMatrix><sr:UPRN>100023336956</sr:UPRN></sr:RequestWANMatrix>",
    );
    let coverage = "[[wan]]\nuprn = \"100023336956\"\nvariants = [\" \"]";
    let before = run(v("5.4"), &wan, &scenario("2019-11", "IS", coverage));
    let after = run(v("5.4"), &wan, &scenario("2020-02", "IS", coverage));
    let actions = |o: &Outcome| o.processing.iter().map(|p| p.action).collect::<Vec<_>>();
    assert_eq!(actions(&before), ["return-wan-coverage"]);
    assert_eq!(
        actions(&after),
        ["return-wan-coverage", "mark-wan-variant-unconfirmed"]
    );
}

fn schedule(version: &str, device: &str, srv: &str, reference: &str, element: &str) -> String {
    request(
        version,
        SUPPLIER,
        DCC,
        8,
        "5.1",
        &format!(
            "    <sr:CreateSchedule>
      <sr:ScheduleFrequency>Daily</sr:ScheduleFrequency>
      <sr:ScheduleStartDate>2024-07-02</sr:ScheduleStartDate>
      <sr:DSPScheduledServiceReference>{reference}</sr:DSPScheduledServiceReference>
      <sr:DSPScheduledServiceReferenceVariant>{srv}</sr:DSPScheduledServiceReferenceVariant>
      <sr:DeviceID>{device}</sr:DeviceID>
      {element}
    </sr:CreateSchedule>"
        ),
    )
}

#[test]
fn secmp0192_dsp_scheduling_of_4_3_and_4_4_3_for_smets1_only() {
    let prepay = "<sr:DSPReadInstantaneousPrepayValues/>";
    let billing = "<sr:DSPRetrieveBillingCalendarTriggeredBillingDataLog><sr:StartDateOffset>-1</sr:StartDateOffset><sr:StartTime>00:00:00Z</sr:StartTime><sr:EndDateOffset>0</sr:EndDateOffset><sr:EndTime>00:00:00Z</sr:EndTime></sr:DSPRetrieveBillingCalendarTriggeredBillingDataLog>";
    for (srv, reference, element) in [("4.3", "4.3", prepay), ("4.4.3", "4.4", billing)] {
        // DUIS 5.4's schema does not let SRV 5.1 schedule them.
        let xml = schedule("5.4", ESME_S1, srv, reference, element);
        let error = v("5.4").decode(&xml).expect_err("5.4 rejects it");
        assert!(
            error.to_string().contains("DSPScheduledServiceReference"),
            "{error}"
        );
        // The draft accepts it for SMETS1, and rejects it for SMETS2 with the new code.
        let draft = v("5.4-secmp0192");
        assert!(draft.is_draft());
        let smets1 = run(draft, &xml, &scenario("2024-06", "IS", ""));
        assert_eq!(smets1.code, "I0", "{smets1}");
        let smets2 = run(
            draft,
            &schedule("5.4", ESME_S2, srv, reference, element),
            &scenario("2024-06", "IS", ""),
        );
        assert_eq!(smets2.code, "E050113", "{smets2}");
    }
    // Scheduling an SRV that was schedulable before is unaffected in the draft.
    let daily = "<sr:DSPRetrieveImportDailyReadLog><sr:StartDateOffset>-1</sr:StartDateOffset><sr:StartTime>00:00:00Z</sr:StartTime><sr:EndDateOffset>0</sr:EndDateOffset><sr:EndTime>00:00:00Z</sr:EndTime></sr:DSPRetrieveImportDailyReadLog>";
    let xml = schedule("5.4", ESME_S2, "4.6.1", "4.6", daily);
    assert_eq!(
        run(v("5.4-secmp0192"), &xml, &scenario("2024-06", "IS", "")).code,
        "I0"
    );
    assert_eq!(
        run(v("5.4"), &xml, &scenario("2024-06", "IS", "")).code,
        "I0"
    );
    // Decoding by schemaVersion never picks the draft.
    assert_eq!(duis::decode(&xml).expect("valid").version(), v("5.4"));
}

/// The README's example of the validators, as written there.
#[test]
fn the_readme_validator_example_works() {
    use duis::dsp::{Config, SecRelease, Submission, UserRole};
    let scenario = scenario("2024-06", "IS", "");
    let (context, received) = (scenario.context, scenario.submission.received);
    let Ok(Document::V5_4(duis::v5_4::Document::Request(request))) =
        v("5.4").decode(&unjoin(true, CAD))
    else {
        panic!("a 5.4 request")
    };

    let config = Config::at(SecRelease::new(2024, 6)) // the June 2024 SEC release,
        .with_switch("unjoin-without-smi-join-check", false); // with SECMP0178's switch off
    let submission = Submission {
        role: UserRole::IS,
        received,
    };
    let outcome = duis::v5_4::dsp::validate(&request, &submission, &context, &config);
    assert_eq!(outcome.code, "E080801");
    assert!(
        outcome.to_string().contains("S-080801   FAILED E080801"),
        "{outcome}"
    );
}
