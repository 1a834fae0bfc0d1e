//! The live snapshot: every job of the queue as the doctor needs it, with the registry
//! places the Player reads.

use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BG_JOB_ENUM_ALL_USERS, BG_JOB_TYPE, BG_JOB_TYPE_DOWNLOAD, BG_JOB_TYPE_UPLOAD,
    BG_JOB_TYPE_UPLOAD_REPLY,
};

use super::account::{self, Account};
use super::com::{File, Job};
use super::error::{bits_of, describe};
use super::{registry, BitsError, JobId, JobState, Queue, USER_DEFAULT_LANGID};
use crate::doctor::{JobType, Snapshot, SnapshotFile, SnapshotJob};

impl Queue {
    /// A [`Snapshot`] of the current user's queue and of the registry places the Player
    /// reads, for [`doctor::diagnose`](crate::doctor::diagnose).
    ///
    /// - `user`: the account this process runs as (`PC\Pat`);
    /// - `refresh_download`: [`refresh_download`](super::refresh_download);
    /// - `installed_providers`: [`installed_providers`](super::installed_providers);
    /// - `jobs`: every job of the queue that is neither cancelled nor acknowledged, in
    ///   BITS' order, each with its id, display name, description, type, state, owner,
    ///   files, and (in the error and transient error states) what BITS says of its error.
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
        Ok(SnapshotJob {
            id: JobId::from_guid(guid).to_string(),
            display_name: Some(self.display_name_of(job)?),
            description: self.description_of(job)?,
            job_type: Some(job_type),
            state: Some(state),
            owner: owner_of(job, user),
            error,
            files: Some(self.files_of(job)?),
            progress: None,
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

    fn files_of(&self, job: &Job) -> Result<Vec<SnapshotFile>, BitsError> {
        let files = job.files().map_err(|err| self.error("EnumFiles", &err))?;
        let files = files.all().map_err(|err| self.error("Next", &err))?;
        files.iter().map(|file| self.file(file)).collect()
    }

    fn file(&self, file: &File) -> Result<SnapshotFile, BitsError> {
        let remote = file
            .remote_name()
            .map_err(|err| self.error("GetRemoteName", &err))?;
        let local = file
            .local_name()
            .map_err(|err| self.error("GetLocalName", &err))?;
        Ok(SnapshotFile::new(remote, local))
    }
}

/// The job's owner, named as [`Account::owner`] names it; `None` when BITS cannot say.
fn owner_of(job: &Job, user: &Account) -> Option<String> {
    let sid = job.owner().ok()?;
    Some(user.owner(&sid))
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
