//! Lists the Windows Media Player jobs in the current user's BITS queue.
//!
//! For every job whose description starts with `::WMP_`, prints the job's id,
//! state and display name, then either the descriptor's fields or the reason the
//! Player would ignore the job (error code, field and message).
//!
//! ```text
//! cargo run --example queue --features bits
//! ```
//!
//! Needs Windows and the `bits` feature; elsewhere it says so and exits with 2.

#[cfg(all(windows, feature = "bits"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;

    use wmp_bits::bits::Queue;

    let queue = match Queue::connect() {
        Ok(queue) => queue,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let jobs = match queue.scan() {
        Ok(jobs) => jobs,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if jobs.is_empty() {
        println!("no ::WMP_ jobs in the current user's BITS queue");
        return ExitCode::SUCCESS;
    }
    for job in &jobs {
        println!("{} {:?} {:?}", job.id, job.state, job.display_name);
        match &job.descriptor {
            Ok(descriptor) => {
                let kind = match descriptor.kind() {
                    wmp_bits::Kind::Job => "WMP_JOB (the Player completes it)",
                    wmp_bits::Kind::Status => "WMP_STATUS (the store completes it)",
                };
                println!("  kind          {kind}");
                println!("  service id    {}", descriptor.service_id());
                println!("  provider      {:?}", descriptor.provider());
                println!("  album artist  {:?}", descriptor.album_artist());
                println!("  album title   {:?}", descriptor.album_title());
                println!("  track number  {}", optional(descriptor.track_number()));
                println!("  title         {:?}", descriptor.title());
                println!("  duration      {}", optional(descriptor.duration_secs()));
                println!("  rating        {}", optional(descriptor.rating()));
            }
            Err(err) => {
                println!("  ignored by the Player: {err}");
                println!("  code          {}", err.code());
                if let Some(field) = err.field() {
                    println!("  field         {field}");
                }
                println!("  description   {:?}", job.description);
            }
        }
    }
    ExitCode::SUCCESS
}

#[cfg(all(windows, feature = "bits"))]
fn optional<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "(empty)".to_owned(), |v| v.to_string())
}

#[cfg(not(all(windows, feature = "bits")))]
fn main() -> std::process::ExitCode {
    eprintln!("this example needs Windows and the `bits` feature:");
    eprintln!("  cargo run --example queue --features bits");
    std::process::ExitCode::from(2)
}
