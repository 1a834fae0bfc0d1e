//! Arbitrary text for every part of a job, through `validate::job`, `validate::remote_name`,
//! `validate::display_name` and, when the description parses (strictly or leniently),
//! `Job::check`: nothing panics; every problem's span lies on character boundaries of the
//! text of the part it concerns; every code is `snake_case` and every message can be written;
//! the whole-job report holds exactly the problems of each part's own check, in order; and
//! `Job::check` equals `validate::job` over the same parts, problem for problem; the one
//! problem that takes two parts, the `remote_name_extension_mismatch` warning, comes only
//! with a local name of the Player's and right after the remote name's own problems. A job's
//! derived display name always passes its check without a problem.
//!
//! The input is the parts separated by the byte 0xFF, which UTF-8 never uses: the
//! description, the local name, the remote name, the display name and, when there is a
//! fifth part, an installed store's key name. Each part is decoded lossily, as in the
//! `parse` target, and a missing part is empty.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use wmp_bits::validate::{self, Problem, Report, Subject};
use wmp_bits::{lenient, Descriptor, Job};
use wmp_bits_fuzz::snake_case;

#[derive(Debug)]
struct Input<'a> {
    description: &'a str,
    local_name: &'a str,
    remote_name: &'a str,
    display_name: &'a str,
    installed: Option<&'a str>,
}

/// The text of the part of the job a problem is about.
fn subject_text<'a>(input: &Input<'a>, description: &'a str, subject: Subject) -> &'a str {
    match subject {
        Subject::Description => description,
        Subject::LocalName => input.local_name,
        Subject::RemoteName => input.remote_name,
        Subject::DisplayName => input.display_name,
        other => panic!("a problem about {other}, which no check makes"),
    }
}

fn check_problem(p: &Problem, text: &str) {
    assert!(snake_case(p.code()), "{}", p.code());
    assert_eq!(p.kind().code(), p.code());
    if let Some(span) = p.span() {
        assert!(
            text.get(span.clone()).is_some(),
            "{text:?}: {span:?} for {p}"
        );
    }
    let message = p.message();
    assert!(!message.is_empty());
    assert!(!message.starts_with(char::is_uppercase), "{message}");
    assert_eq!(
        p.to_string(),
        format!(
            "{}: {}: {message} [{}]",
            p.severity(),
            p.subject(),
            p.code()
        )
    );
}

/// The report of `validate::job` over these parts, with `description` as the description.
fn whole_check(input: &Input<'_>, description: &str) -> Report {
    let check = validate::job(description)
        .local_name(input.local_name)
        .remote_name(input.remote_name)
        .display_name(input.display_name);
    match input.installed {
        Some(key) => check.installed_providers([key]).check(),
        None => check.check(),
    }
}

/// Every problem of `report` is well formed for its part, and the problems of each part are
/// exactly those of that part's own check, in the order of the parts.
fn check_report(input: &Input<'_>, description: &str, report: &Report) {
    for p in report.problems() {
        check_problem(p, subject_text(input, description, p.subject()));
    }
    let of = |subject| -> Vec<&Problem> {
        report
            .problems()
            .iter()
            .filter(|p| p.subject() == subject)
            .collect()
    };
    let order: Vec<usize> = report
        .problems()
        .iter()
        .map(|p| match p.subject() {
            Subject::Description => 0,
            Subject::LocalName => 1,
            Subject::RemoteName => 2,
            _ => 3,
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{report}");
    if let Some(d) = report.descriptor() {
        let not_installed = input
            .installed
            .is_some_and(|key| !validate::provider_installed(d.provider(), [key]));
        let warnings = validate::warnings(d);
        let mut want: Vec<&str> = warnings.iter().map(Problem::code).collect();
        if not_installed {
            want.insert(0, "provider_not_installed");
        }
        let got: Vec<&str> = of(Subject::Description).iter().map(|p| p.code()).collect();
        assert_eq!(got, want);
        let got: Vec<&Problem> = of(Subject::Description)
            .into_iter()
            .filter(|p| p.code() != "provider_not_installed")
            .collect();
        assert_eq!(got, warnings.iter().collect::<Vec<_>>());
    }
    let local: Vec<String> = of(Subject::LocalName)
        .iter()
        .map(|p| p.code().to_string())
        .collect();
    let want: Vec<String> = validate::local_name(input.local_name)
        .err()
        .map(|e| e.code().to_string())
        .into_iter()
        .collect();
    assert_eq!(local, want);
    let remote = validate::remote_name(input.remote_name);
    let mut remote_problems = of(Subject::RemoteName);
    if let Some(last) = remote_problems.last() {
        if last.code() == "remote_name_extension_mismatch" {
            assert_eq!(last.severity(), validate::Severity::Warning);
            let lower = input.local_name.to_ascii_lowercase();
            assert!(
                [".wma", ".wmv", ".mp3", ".asf"]
                    .iter()
                    .any(|e| lower.ends_with(e)),
                "{report}"
            );
            remote_problems.pop();
        }
    }
    assert_eq!(remote_problems, remote.iter().collect::<Vec<_>>());
    let display = validate::display_name(input.display_name);
    assert_eq!(of(Subject::DisplayName), display.iter().collect::<Vec<_>>());
    assert_eq!(
        report.is_ok(),
        report
            .problems()
            .iter()
            .all(|p| p.severity() == validate::Severity::Warning)
    );
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<Cow<'_, str>> = data
        .splitn(5, |&b| b == 0xFF)
        .map(String::from_utf8_lossy)
        .collect();
    let part = |i: usize| parts.get(i).map_or("", |p| p.as_ref());
    let input = Input {
        description: part(0),
        local_name: part(1),
        remote_name: part(2),
        display_name: part(3),
        installed: parts.get(4).map(AsRef::as_ref),
    };

    // Each part's own check, on its own.
    for p in validate::remote_name(input.remote_name) {
        assert_eq!(p.subject(), Subject::RemoteName);
        check_problem(&p, input.remote_name);
    }
    for p in validate::display_name(input.display_name) {
        assert_eq!(p.subject(), Subject::DisplayName);
        check_problem(&p, input.display_name);
    }

    // The whole job, from the description as text.
    let report = whole_check(&input, input.description);
    let parsed = input.description.parse::<Descriptor>();
    assert_eq!(report.descriptor(), parsed.as_ref().ok());
    check_report(&input, input.description, &report);
    if let Err(e) = &parsed {
        assert_eq!(report.problems()[0].code(), e.code());
        assert_eq!(report.problems()[0].span(), Some(e.span()));
    }

    // A job made from the descriptor, checked by itself and as text: the same report.
    let Ok(d) = parsed
        .or_else(|_| lenient::parse(input.description).map(lenient::Lenient::into_descriptor))
    else {
        return;
    };
    let job = Job::new(input.remote_name, input.local_name, d.clone())
        .with_display_name(input.display_name);
    let mine = match input.installed {
        Some(key) => job.checks().installed_providers([key]).check(),
        None => job.check(),
    };
    let theirs = whole_check(&input, d.as_str());
    assert_eq!(mine.problems(), theirs.problems());
    assert_eq!(mine.descriptor(), Some(&d));
    assert_eq!(theirs.descriptor(), Some(&d));
    check_report(&input, d.as_str(), &mine);

    // With the derived display name: never a problem of its own.
    let derived = Job::new(input.remote_name, input.local_name, d.clone());
    assert!(derived.display_name_is_derived());
    assert_eq!(derived.display_name(), Job::default_display_name(&d));
    let report = derived.check();
    assert!(
        report
            .problems()
            .iter()
            .all(|p| p.subject() != Subject::DisplayName),
        "{report}"
    );
    let name = derived.display_name();
    assert!(validate::utf16_len(name) <= validate::MAX_DISPLAY_NAME_UTF16);
    if let Some(p) = validate::display_name(name).first() {
        panic!("{name:?}: {p}");
    }
});
