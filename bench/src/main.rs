//! Throughput of validating DUIS messages, in one process, on one core:
//! (a) the generated decoder (decode and validate), (b) libxml2's schema
//! validation of the same bytes (parse, then validate, the schema compiled
//! once), (c) a bare parse with quick-xml, the parser the decoder builds on
//! (every token and attribute, no validation): the floor no validator
//! built on it can beat.
//!
//! The corpus: the request templates of DUIS_CORPUS_DIR, repeated (as
//! copies) to a few tens of thousands of messages held in memory, validated
//! against DUIS 5.4 from DUIS_SCHEMA_DIR.

mod libxml2;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use duis::Version;
use duis_conformance::differential::libxml2::Xmllint;

const MESSAGES: usize = 30_000;
const RUNS: usize = 15;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn env_dir(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .ok_or_else(|| format!("{name} is not set to a folder"))
}

/// Times one pass of `f` over every message.
fn pass(messages: &[String], f: &mut dyn FnMut(&str) -> bool) -> Result<Duration, String> {
    let started = Instant::now();
    for message in messages {
        if !f(message) {
            return Err("a message of the corpus was not accepted".into());
        }
    }
    Ok(started.elapsed())
}

/// Runs each contender over every message `RUNS` times, the contenders taking
/// turns (so that a slow spell of the machine falls on all of them): the
/// time of each pass, round by round.
fn measure<const N: usize>(
    messages: &[String],
    contenders: &mut [&mut dyn FnMut(&str) -> bool; N],
) -> Result<Vec<[Duration; N]>, String> {
    let mut rounds = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let mut round = [Duration::ZERO; N];
        for (f, time) in contenders.iter_mut().zip(&mut round) {
            *time = pass(messages, *f)?;
        }
        rounds.push(round);
    }
    Ok(rounds)
}

/// The median of the per-round ratios `slower / faster` (two passes run
/// back to back), with the lowest and highest.
fn paired_ratio<const N: usize>(
    rounds: &[[Duration; N]],
    slower: usize,
    faster: usize,
) -> (f64, f64, f64) {
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|r| r[slower].as_secs_f64() / r[faster].as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    (median, ratios[0], ratios[ratios.len() - 1])
}

/// Every token and attribute, with the parser the decoder builds on, as the
/// decoder configures it (`duis_runtime::xml::parser`: `<x/>` read as one
/// event, end tags not compared with start tags, comments checked), with
/// whitespace at the start of text skipped without an event, as the decoder
/// has it between elements, and attributes read without quick-xml's
/// duplicate check (the decoder does that itself). The decoder does its own
/// namespace resolution and everything else on top.
fn bare_parse(xml: &str) -> bool {
    let mut reader = duis_runtime::xml::parser(xml);
    reader.config_mut().trim_text_start = true;
    read_all(&mut reader, false)
}

/// The same with the parser's default configuration (whitespace-only text
/// is an event, end tags compared, attributes checked for duplicates), for
/// reference.
fn bare_parse_default(xml: &str) -> bool {
    read_all(&mut quick_xml::Reader::from_str(xml), true)
}

fn read_all(reader: &mut quick_xml::Reader<&[u8]>, duplicate_checks: bool) -> bool {
    use quick_xml::events::Event;
    loop {
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => {
                for attribute in start.attributes().with_checks(duplicate_checks) {
                    if attribute.is_err() {
                        return false;
                    }
                }
            }
            Ok(Event::Eof) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

fn run() -> Result<(), String> {
    let schemas = env_dir("DUIS_SCHEMA_DIR")?;
    let corpus = env_dir("DUIS_CORPUS_DIR")?;
    let version = Version::from_id("5.4").ok_or("DUIS 5.4 is not generated")?;
    let mut templates = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus.join("templates"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        templates
            .push(std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    if templates.is_empty() {
        return Err("no templates".into());
    }
    let messages: Vec<String> = templates.iter().cycle().take(MESSAGES).cloned().collect();
    let bytes: usize = messages.iter().map(String::len).sum();

    let xmllint = Xmllint::prepare(&schemas.join(version.id()), version.schema_files())?;
    let mut validator = libxml2::Validator::new(xmllint.entry())?;

    println!(
        "{} messages ({} distinct templates), {:.1} MB, DUIS {}; {RUNS} rounds of one pass each, taking turns, one core",
        messages.len(),
        templates.len(),
        bytes as f64 / 1e6,
        version.id()
    );
    if let Some(passes) = std::env::var_os("DUIS_BENCH_ONLY_BARE") {
        // For profilers: the bare parse alone, for that many passes.
        let passes: usize = passes.to_string_lossy().parse().unwrap_or(10);
        for _ in 0..passes {
            for message in &messages[..messages.len().min(5000)] {
                if !bare_parse(message) {
                    return Err("a message of the corpus was not parsed".into());
                }
            }
        }
        return Ok(());
    }
    if let Some(passes) = std::env::var_os("DUIS_BENCH_ONLY_OURS") {
        // For profilers: the decoder alone, for that many passes.
        let passes: usize = passes.to_string_lossy().parse().unwrap_or(10);
        for _ in 0..passes {
            for message in &messages[..messages.len().min(5000)] {
                if version.decode(message).is_err() {
                    return Err("a message of the corpus was not accepted".into());
                }
            }
        }
        return Ok(());
    }
    let rounds = measure(
        &messages,
        &mut [
            &mut |m: &str| version.decode(m).is_ok(),
            &mut bare_parse,
            &mut |m: &str| validator.is_valid(m),
            &mut bare_parse_default,
        ],
    )?;
    // Throughput: each contender's fastest pass, the least disturbed by
    // the rest of the machine.
    let [ours, bare, theirs, bare_default] = rounds.iter().fold([Duration::MAX; 4], |best, r| {
        std::array::from_fn(|i| best[i].min(r[i]))
    });
    let rate = |d: Duration| {
        (
            messages.len() as f64 / d.as_secs_f64(),
            bytes as f64 / d.as_secs_f64() / 1e6,
        )
    };
    println!("{:<48} {:>12} {:>10}", "fastest pass", "messages/s", "MB/s");
    for (name, d) in [
        ("(a) duis-rs: decode + validate", ours),
        ("(b) libxml2: parse + schema-validate", theirs),
        ("(c) quick-xml: bare parse", bare),
        (
            "    (for reference: its default configuration)",
            bare_default,
        ),
    ] {
        let (m, mb) = rate(d);
        println!("{name:<48} {m:>12.0} {mb:>10.1}");
    }
    // Ratios: the median over the rounds of the ratio of the two passes in
    // the round (the decoder's and the bare parse's run back to back). The
    // fastest passes of two contenders may come from different moments of
    // a machine whose speed drifts (and a short pass is likelier to fall in
    // a quiet moment than a long one); two passes in one round share the
    // moment.
    let (vs_libxml2, low, high) = paired_ratio(&rounds, 2, 0);
    println!(
        "duis-rs / libxml2 throughput: {vs_libxml2:.2}x (median of {RUNS} rounds; {low:.2}x-{high:.2}x)"
    );
    let (vs_bare, low, high) = paired_ratio(&rounds, 0, 1);
    println!(
        "bare parse / duis-rs throughput: {vs_bare:.2}x (median of {RUNS} rounds; {low:.2}x-{high:.2}x)"
    );
    println!(
        "the same from the fastest passes: {:.2}x and {:.2}x",
        theirs.as_secs_f64() / ours.as_secs_f64(),
        ours.as_secs_f64() / bare.as_secs_f64()
    );
    Ok(())
}
