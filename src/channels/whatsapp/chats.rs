//! Handles each chat's messages one after the other, in the order they
//! arrived, while different chats run in parallel (as teloxide does for
//! Telegram). A chat's queue lives only while it has work.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio_util::task::TaskTracker;

type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The queues of the chats with work under way.
#[derive(Clone, Default)]
pub struct Chats {
    queues: Arc<Mutex<HashMap<String, mpsc::UnboundedSender<Job>>>>,
    tasks: TaskTracker,
}

impl Chats {
    /// Runs `job` after the chat's earlier jobs.
    pub fn run(&self, chat: &str, job: impl Future<Output = ()> + Send + 'static) {
        let mut queues = self.queues.lock().expect("never poisoned");
        let job: Job = Box::pin(job);
        let job = match queues.get(chat) {
            Some(queue) => match queue.send(job) {
                Ok(()) => return,
                Err(mpsc::error::SendError(job)) => job,
            },
            None => job,
        };
        let (queue, mut jobs) = mpsc::unbounded_channel();
        queue.send(job).expect("the receiver is here");
        queues.insert(chat.to_owned(), queue);
        let (chat, all) = (chat.to_owned(), self.queues.clone());
        self.tasks.spawn(async move {
            loop {
                while let Ok(job) = jobs.try_recv() {
                    job.await;
                }
                // New jobs are queued only under this lock: empty now means done.
                let mut queues = all.lock().expect("never poisoned");
                if jobs.is_empty() {
                    queues.remove(&chat);
                    return;
                }
                drop(queues);
            }
        });
    }

    /// Waits for the jobs under way (at shutdown).
    pub async fn finish(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }
}
