// The meetings the sandbox Huawei simulator lists to whoever signs in (HuaweiSimulatorOptions.ScheduledMeetings in
// src/MeetingBot.Sandbox), soonest first. Their host passwords are ten random digits per run, never shown.
export const SEEDED_MEETINGS = [
  { subject: 'Daily stand-up', shownId: '986030672', meetingId: '986030672', inProgress: true, hosted: true, regionIp: '100.94.23.44' },
  { subject: 'Project sync', shownId: '986030671', meetingId: '986030671', inProgress: false, hosted: true, regionIp: '100.94.23.43' },
  { subject: 'Partner review', shownId: '986030673', meetingId: '986030673', inProgress: false, hosted: false },
  // Held in a cloud meeting room: the list shows the room's ID, the people's name for it.
  { subject: 'Team room: planning', shownId: '916683232', meetingId: '986030674', inProgress: false, hosted: true, regionIp: '100.94.23.46' },
];

/** A run of ten digits: what a leaked sandbox host password would look like on the page (meeting IDs have nine). */
export const PASSWORD_SHAPE = /\d{10}/;
