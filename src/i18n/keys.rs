//! Every message id the code uses. The variant `FooBar` is the Fluent id
//! `foo-bar`; a test checks that both locales define exactly these.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "kebab-case")]
pub enum Key {
    // Chat: greeting and registration.
    WelcomeStranger,
    WelcomeBack,
    NotRegistered,
    InviteNotFound,
    InviteExpired,
    InviteUsedUp,
    InviteAccepted,
    AskNameConfirm,
    AskName,
    NameInvalid,
    AskLanguage,
    Registered,
    RoleAdded,
    AlreadyHasRole,
    ContinueWhereLeft,
    // Chat: at any point.
    Help,
    HelpStranger,
    Cancelled,
    NothingToCancel,
    LanguageChanged,
    UnknownCommand,
    NotUnderstood,
    UnsupportedInput,
    UseButtons,
    ButtonExpired,
    StateReset,
    SystemError,
    // Buttons.
    BtnLangId,
    BtnLangEn,
    BtnNameOk,
    BtnNameChange,
    // Roles and places.
    RoleKader,
    RoleOfficial,
    OfficialPokja,
    OfficialPokjanal,
    OfficialPuskesmas,
    OfficialDinkes,
    PlaceProvinsi,
    PlaceKabupaten,
    PlaceKecamatan,
    PlaceKelurahan,
    PlaceDesa,
    LevelProvinsi,
    LevelKabupaten,
    LevelKecamatan,
    LevelDesa,
    // The command menu.
    CmdBantuan,
    CmdBatal,
    CmdBahasa,
    // The admin command line.
    CliNoToken,
    CliTelegramFailed,
    CliFailed,
    CliMigrated,
    CliReading,
    CliRegionsProgress,
    CliRegionsDone,
    CliFileRefused,
    CliMoreErrors,
    CliLineColumns,
    CliLineBadCode,
    CliLineEmptyName,
    CliLineDuplicate,
    CliLineNoParent,
    CliLineUnknownProvince,
    CliLineNotDesa,
    CliRegionUnknown,
    CliRegionNotDesa,
    CliBadRegionCode,
    CliRegionsNone,
    CliPosyanduAdded,
    CliPosyanduExists,
    CliPosyanduImported,
    CliPosyanduNone,
    CliPosyanduCount,
    CliPosyanduUnknown,
    CliRoleLevel,
    CliInviteCreated,
    CliInviteLink,
    CliInviteNoLink,
}

impl Key {
    /// The Fluent message id.
    pub fn id(self) -> &'static str {
        self.into()
    }
}
