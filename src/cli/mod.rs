//! The command line: run the bot, migrate, and the admin's tasks (regions,
//! posyandu, officials, invites, meetings). Output goes through the locales, in `ADMIN_LANG`.

mod export;
mod invite;
pub mod meeting;
mod official;
mod people;
mod posyandu;
mod regions;
mod retired;
mod run;
mod seed;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{self, DEFAULT_DATABASE_URL};
use crate::domain::lang::Lang;
use crate::domain::region::RegionCode;
use crate::i18n::{Key, Text};
use crate::store::regions::Region;
use crate::store::{self, Db};

#[derive(Parser, Debug)]
#[command(name = "posyandu-bot", version, about = "Posyandu monthly reporting bot (Telegram, WhatsApp)")]
pub struct Args {
    /// sqlite://FILE (default, created on first run) or postgres://USER@HOST/DB
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the bot (the default). Needs TELOXIDE_TOKEN, the WhatsApp settings, or both.
    Run,
    /// Create or upgrade the database tables, then exit.
    Migrate,
    /// Indonesia's regions (Kemendagri codes).
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Posyandu: add, import from CSV, list by area, move to another desa.
    #[command(subcommand)]
    Posyandu(PosyanduCommand),
    /// Officials: move their roles off a retired region code.
    #[command(subcommand)]
    Official(OfficialCommand),
    /// Create an invite code and link.
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Meetings: create (invite an area), export answers as CSV, cancel.
    #[command(subcommand)]
    Meeting(meeting::MeetingCommand),
    /// People: who holds which role where (their ids, for `meeting create`).
    #[command(subcommand)]
    People(PeopleCommand),
    /// Fill the database with synthetic posyandu, kader and months of reports, for trying the bot and benchmarks.
    Seed(seed::SeedArgs),
    /// Write an area's reports for a run of months as a spreadsheet (xlsx, as /unduh) or CSV.
    Export(export::ExportArgs),
}

#[derive(Subcommand, Debug)]
pub enum PeopleCommand {
    /// List everyone with a role in an area (any region code), or everyone.
    List {
        #[arg(long)]
        area: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RegionsCommand {
    /// Load a region list (`code,name` CSV); without FILE, the list shipped with the bot.
    Import { file: Option<std::path::PathBuf> },
    /// Find regions by name, to learn their codes.
    Search { text: String },
}

#[derive(Subcommand, Debug)]
pub enum PosyanduCommand {
    /// Add one posyandu in a desa/kelurahan.
    Add {
        #[arg(long)]
        name: String,
        /// The desa/kelurahan code, e.g. 73.24.01.2001
        #[arg(long)]
        desa: String,
    },
    /// Add posyandu from a CSV file with the header `name,desa_code`.
    Import { file: std::path::PathBuf },
    /// List the posyandu in an area (any region code), or all.
    List {
        #[arg(long)]
        area: Option<String>,
    },
    /// Move a posyandu (and its reports) to another desa, e.g. off a retired code.
    Move {
        /// The posyandu id (see `posyandu list`).
        #[arg(long)]
        id: i64,
        /// The new desa/kelurahan code.
        #[arg(long)]
        desa: String,
    },
    /// Set the life stages a posyandu serves: it is asked, and expected, for
    /// those only (visitors and staff always), e.g. balita,ibu,dewasa; or all.
    Stages {
        /// The posyandu id (see `posyandu list`).
        #[arg(long)]
        id: i64,
        /// Comma-separated: balita, ibu, remaja, dewasa; or all.
        #[arg(long)]
        stages: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum OfficialCommand {
    /// Move every official role and open invite from one region to another of the same level.
    Move {
        /// The old region code, e.g. a retired 92.71
        #[arg(long)]
        from: String,
        /// The current region code that replaces it, e.g. 96.71
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum InviteCommand {
    /// An invite for kader of one posyandu.
    Kader {
        /// The posyandu id (see `posyandu list`).
        #[arg(long)]
        posyandu: i64,
        #[command(flatten)]
        limits: InviteLimits,
    },
    /// An invite for officials of a region.
    Official {
        /// pokja (desa), pokjanal (kecamatan, kabupaten, province), puskesmas (desa, kecamatan), dinkes (kabupaten, province)
        #[arg(long)]
        role: crate::domain::role::OfficialRole,
        /// The region code of their scope, e.g. 73.24.01
        #[arg(long)]
        region: String,
        #[command(flatten)]
        limits: InviteLimits,
    },
}

#[derive(clap::Args, Debug)]
pub struct InviteLimits {
    /// How many people may use the code.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i64).range(1..=10_000))]
    pub uses: i64,
    /// How many days the code stays valid.
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=365))]
    pub days: i64,
}

/// Runs the command line and returns the process exit code.
pub fn main(args: Args) -> ExitCode {
    crate::telemetry::init();
    let lang = config::admin_lang();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    // On a worker thread, not the main one: updates then move between two
    // threads instead of three.
    let done = runtime.block_on(runtime.spawn(dispatch(args, lang))).expect("the command does not panic");
    match done {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}", Text::new(Key::CliFailed).arg("error", format!("{error:#}")).render(lang));
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let command = args.command.unwrap_or(Command::Run);
    if let Command::Run = command {
        return run::run(&args.database_url, lang).await;
    }
    let db = open(&args.database_url).await?;
    let result = match command {
        Command::Run => unreachable!("handled above"),
        Command::Migrate => {
            say(lang, Text::new(Key::CliMigrated).arg("backend", db.backend()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Regions(RegionsCommand::Import { file }) => regions::import(&db, file.as_deref(), lang).await,
        Command::Regions(RegionsCommand::Search { text }) => regions::search(&db, &text, lang).await,
        Command::Posyandu(command) => posyandu::run(&db, command, lang).await,
        Command::Official(OfficialCommand::Move { from, to }) => official::move_region(&db, &from, &to, lang).await,
        Command::Invite(command) => invite::run(&db, command, lang).await,
        Command::Meeting(command) => meeting::run(&db, command, lang).await,
        Command::People(PeopleCommand::List { area }) => people::list(&db, area.as_deref(), lang).await,
        Command::Seed(args) => seed::run(&db, args, lang).await,
        Command::Export(args) => export::run(&db, args, lang).await,
    };
    db.close().await;
    result
}

/// Connects and brings the schema up to date.
async fn open(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}

fn say(lang: Lang, text: Text) {
    println!("{}", text.render(lang));
}

fn complain(lang: Lang, text: Text) -> ExitCode {
    eprintln!("{}", text.render(lang));
    ExitCode::FAILURE
}

/// The stored region an optional `--area` names (`None`: everywhere), or
/// the exit code after saying what is wrong with it.
async fn optional_area(
    db: &Db,
    area: Option<&str>,
    lang: Lang,
) -> anyhow::Result<Result<Option<RegionCode>, ExitCode>> {
    Ok(match area {
        None => Ok(None),
        Some(text) => stored_region(db, text, lang).await?.map(|(code, _)| Some(code)),
    })
}

/// Parses a region code argument, or says what is wrong with it.
fn region_arg(text: &str, lang: Lang) -> Result<RegionCode, ExitCode> {
    RegionCode::parse(text).map_err(|_| complain(lang, Text::new(Key::CliBadRegionCode).arg("code", text)))
}

/// A region code argument naming a stored region, current or retired, with
/// its name; or the exit code after saying what is wrong.
async fn stored_region(db: &Db, text: &str, lang: Lang) -> anyhow::Result<Result<(RegionCode, Region), ExitCode>> {
    let code = match region_arg(text, lang) {
        Ok(code) => code,
        Err(exit) => return Ok(Err(exit)),
    };
    Ok(match store::regions::find(db, &code).await? {
        Some(region) => Ok((code, region)),
        None => Err(complain(lang, Text::new(Key::CliRegionUnknown).arg("code", code.as_str()))),
    })
}

/// Like [`stored_region`], but a retired code is refused too: nothing new
/// may be put on it.
async fn current_region(db: &Db, text: &str, lang: Lang) -> anyhow::Result<Result<(RegionCode, String), ExitCode>> {
    Ok(match stored_region(db, text, lang).await? {
        Ok((code, region)) if region.retired => {
            Err(complain(lang, Text::new(Key::CliRegionRetired).arg("code", code.as_str()).arg("name", region.name)))
        }
        Ok((code, region)) => Ok((code, region.name)),
        Err(exit) => Err(exit),
    })
}
