//! The live snapshot: every job of the queue as the doctor needs it, with the registry
//! places the Player reads.

use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BG_FILE_PROGRESS, BG_JOB_ENUM_ALL_USERS, BG_JOB_PROGRESS, BG_JOB_TYPE, BG_JOB_TYPE_DOWNLOAD,
    BG_JOB_TYPE_UPLOAD, BG_JOB_TYPE_UPLOAD_REPLY,
};

use super::account::{self, Account};
use super::com::{File, Job};
use super::error::{bits_of, describe};
use super::{registry, BitsError, JobId, JobState, Queue, USER_DEFAULT_LANGID};
use crate::doctor::{JobType, Progress, Snapshot, SnapshotFile, SnapshotJob};

/// `BG_SIZE_UNKNOWN`: the total that `GetProgress` gives while BITS does not know a size.
const SIZE_UNKNOWN: u64 = u64::MAX;

impl Queue {
    /// A [`Snapshot`] of the current user's queue and of the registry places the Player
    /// reads, for [`doctor::diagnose`](crate::doctor::diagnose).
    ///
    /// - `user`: the account this process runs as (`PC\Pat`);
    /// - `refresh_download`: [`refresh_download`](super::refresh_download);
    /// - `installed_providers`: [`installed_providers`](super::installed_providers);
    /// - `jobs`: every job of the queue that is neither cancelled nor acknowledged, in
    ///   BITS' order, each with its id, display name, description, type, state, owner,
    ///   files, transfer progress (`GetProgress`), and (in the error and transient error
    ///   states) what BITS says of its error.
    ///
    /// A job's owner is `None` when BITS cannot say (Wine's BITS, for one, does not
    /// implement `GetOwner`); a job's error is `None` when BITS has no error information.
    /// A description that BITS cannot return reads as empty.
    ///
    /// ```
    /// use wmp_bits::{bits::Queue, doctor};
    ///
    /// let queue = Queue::connect()?;
    /// let diagnosis = doctor::diagnose(&queue.snapshot()?);
    /// print!("{diagnosis}");
    /// # Ok::<(), wmp_bits::bits::BitsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`](super::BitsErrorKind::Call) when the queue or a job cannot be
    /// read, [`BitsErrorKind::System`](super::BitsErrorKind::System) when the registry or
    /// the current user cannot be, and
    /// [`BitsErrorKind::Undocumented`](super::BitsErrorKind::Undocumented) for a state or
    /// type BITS does not document.
    pub fn snapshot(&self) -> Result<Snapshot, BitsError> {
        self.snapshot_of(0)
    }

    /// The [`snapshot`](Queue::snapshot) of every user's jobs
    /// (`BG_JOB_ENUM_ALL_USERS`), so that the doctor sees the jobs a store service made in
    /// another account's queue, which the user's Player never looks at
    /// (`job_owner_other_user`). BITS lets only an administrator (an elevated process)
    /// see them.
    ///
    /// # Errors
    ///
    /// As [`snapshot`](Queue::snapshot); `EnumJobs` fails with `E_ACCESSDENIED`
    /// (0x80070005) without administrator rights.
    pub fn snapshot_all_users(&self) -> Result<Snapshot, BitsError> {
        self.snapshot_of(BG_JOB_ENUM_ALL_USERS)
    }

    fn snapshot_of(&self, flags: u32) -> Result<Snapshot, BitsError> {
        let user = account::current_user()?;
        let jobs = self.read_live_jobs(flags, |job, state| {
            self.snapshot_job(job, state, &user).map(Some)
        })?;
        Ok(Snapshot {
            user: Some(user.display()),
            refresh_download: registry::refresh_download()?,
            installed_providers: Some(registry::installed_providers()?),
            jobs,
        })
    }

    fn snapshot_job(
        &self,
        job: &Job,
        state: JobState,
        user: &Account,
    ) -> Result<SnapshotJob, BitsError> {
        let guid = job.id().map_err(|err| self.error("GetId", &err))?;
        let job_type = job.job_type().map_err(|err| self.error("GetType", &err))?;
        let job_type = type_from_bits(job_type)
            .ok_or_else(|| BitsError::undocumented("GetType", job_type.0))?;
        let error = match state {
            JobState::Error | JobState::TransientError => self.error_of(job),
            _ => None,
        };
        let progress = job
            .progress()
            .map_err(|err| self.error("GetProgress", &err))?;
        let (files, files_progress): (Vec<_>, Vec<_>) = self.files_of(job)?.into_iter().unzip();
        Ok(SnapshotJob {
            id: JobId::from_guid(guid).to_string(),
            display_name: Some(self.display_name_of(job)?),
            description: self.description_of(job)?,
            job_type: Some(job_type),
            state: Some(state),
            owner: owner_of(job, user),
            error,
            files: Some(files),
            progress: Some(progress_from_bits(progress, &files_progress)),
        })
    }

    /// What BITS says of the job's error: `0x80190194: <text>`, the text being the error's
    /// own description, else BITS' text for its `HRESULT`, else the system's, else the
    /// constant's name; `None` when BITS has no error information.
    fn error_of(&self, job: &Job) -> Option<String> {
        let error = job.error().ok()?;
        let (_, hr) = error.error().ok()?;
        let own = error.description(USER_DEFAULT_LANGID).ok();
        let text = describe(hr, own.or_else(|| self.bits_text(hr)));
        Some(format!("{:#010x}: {text}", bits_of(hr)))
    }

    /// The job's files, each with its progress.
    fn files_of(&self, job: &Job) -> Result<Vec<(SnapshotFile, BG_FILE_PROGRESS)>, BitsError> {
        let files = job.files().map_err(|err| self.error("EnumFiles", &err))?;
        let files = files.all().map_err(|err| self.error("Next", &err))?;
        files.iter().map(|file| self.file(file)).collect()
    }

    fn file(&self, file: &File) -> Result<(SnapshotFile, BG_FILE_PROGRESS), BitsError> {
        let remote = file
            .remote_name()
            .map_err(|err| self.error("GetRemoteName", &err))?;
        let local = file
            .local_name()
            .map_err(|err| self.error("GetLocalName", &err))?;
        let progress = file
            .progress()
            .map_err(|err| self.error("GetProgress", &err))?;
        Ok((SnapshotFile::new(remote, local), progress))
    }
}

/// The job's owner, named as [`Account::owner`] names it; `None` when BITS cannot say.
fn owner_of(job: &Job, user: &Account) -> Option<String> {
    let sid = job.owner().ok()?;
    Some(user.owner(&sid))
}

/// The job's progress as BITS reports it, in bytes, with the total of its files' sizes: the
/// job's own total, else (while BITS gives the job `BG_SIZE_UNKNOWN`) the sum of its files'
/// sizes once BITS knows each of them, else unknown.
///
/// Windows totals a job once it knows the size of each of its files, which is the sum; Wine's
/// BITS learns each file's size but never totals the job.
fn progress_from_bits(job: BG_JOB_PROGRESS, files: &[BG_FILE_PROGRESS]) -> Progress {
    let total = if job.BytesTotal == SIZE_UNKNOWN {
        files.iter().try_fold(0_u64, |sum, file| {
            (file.BytesTotal != SIZE_UNKNOWN)
                .then_some(file.BytesTotal)
                .and_then(|size| sum.checked_add(size))
        })
    } else {
        Some(job.BytesTotal)
    };
    Progress::new(job.BytesTransferred, total)
}

/// The type BITS reports, or `None` for a number that BITS does not document.
fn type_from_bits(job_type: BG_JOB_TYPE) -> Option<JobType> {
    Some(match job_type {
        BG_JOB_TYPE_DOWNLOAD => JobType::Download,
        BG_JOB_TYPE_UPLOAD => JobType::Upload,
        BG_JOB_TYPE_UPLOAD_REPLY => JobType::UploadReply,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_type_has_its_name() {
        assert_eq!(type_from_bits(BG_JOB_TYPE(0)), Some(JobType::Download));
        assert_eq!(type_from_bits(BG_JOB_TYPE(1)), Some(JobType::Upload));
        assert_eq!(type_from_bits(BG_JOB_TYPE(2)), Some(JobType::UploadReply));
        assert_eq!(type_from_bits(BG_JOB_TYPE(3)), None);
        assert_eq!(type_from_bits(BG_JOB_TYPE(-1)), None);
    }

    fn job(transferred: u64, total: u64) -> BG_JOB_PROGRESS {
        BG_JOB_PROGRESS {
            BytesTotal: total,
            BytesTransferred: transferred,
            FilesTotal: 1,
            FilesTransferred: 0,
        }
    }

    fn file(transferred: u64, total: u64) -> BG_FILE_PROGRESS {
        BG_FILE_PROGRESS {
            BytesTotal: total,
            BytesTransferred: transferred,
            Completed: false.into(),
        }
    }

    #[test]
    fn the_jobs_own_total_is_taken_as_it_is() {
        let progress = progress_from_bits(job(512, 2048), &[file(512, 1000)]);
        assert_eq!(progress, Progress::new(512, Some(2048)));
        // The largest size BITS can know is still a size.
        let progress = progress_from_bits(job(7, u64::MAX - 1), &[]);
        assert_eq!(progress, Progress::new(7, Some(u64::MAX - 1)));
        assert_eq!(
            progress_from_bits(job(0, 0), &[]),
            Progress::new(0, Some(0))
        );
    }

    #[test]
    fn an_unknown_total_is_the_sum_of_the_files_sizes_when_each_is_known() {
        let progress = progress_from_bits(job(300, u64::MAX), &[file(100, 100), file(200, 250)]);
        assert_eq!(progress, Progress::new(300, Some(350)));
        let progress = progress_from_bits(job(0, u64::MAX), &[file(0, 100), file(0, u64::MAX)]);
        assert_eq!(progress, Progress::new(0, None));
        let progress = progress_from_bits(job(0, u64::MAX), &[file(0, u64::MAX), file(0, 100)]);
        assert_eq!(progress, Progress::new(0, None));
        // Sizes that add up past what a total can hold are no total.
        let progress = progress_from_bits(job(0, u64::MAX), &[file(0, u64::MAX - 1), file(0, 2)]);
        assert_eq!(progress, Progress::new(0, None));
    }

    #[test]
    fn the_snapshot_names_the_user() {
        let _serial = crate::bits::tests::serial();
        let queue = Queue::connect().unwrap();
        let snapshot = queue.snapshot().unwrap();
        let user = account::current_user().unwrap();
        assert_eq!(snapshot.user, user.name);
        assert!(snapshot.installed_providers.is_some());
    }
}
