"""StudyTrack: the portal of a Dutch homework institute."""
