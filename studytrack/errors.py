"""Domain exceptions whose message is meant for the user, in Dutch."""


class StudyTrackError(Exception):
    """A problem the user can understand and act on; str() is the Dutch message."""


class AccessDenied(StudyTrackError):
    """The signed-in user may not see or change this pupil or screen."""

    def __init__(self, message: str = "Je hebt geen toegang tot deze gegevens."):
        super().__init__(message)


class DatabaseBusy(StudyTrackError):
    """Another process (usually the running app) holds the database file."""


class NotAStudyTrackDatabase(StudyTrackError):
    """The database file exists but is not a StudyTrack database."""


class InvalidInput(StudyTrackError):
    """A value entered by a user or found in a file is not acceptable."""
