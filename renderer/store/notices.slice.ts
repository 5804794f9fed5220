// Notices: the failures of actions nobody waits for (a poll, a background refresh, a button without a form),
// shown once each at the top of every screen until dismissed.

export interface Notice {
  id: number;
  /** Kafka's error name (TOPIC_ALREADY_EXISTS) or the console's (INVALID_JSON). */
  name: string;
  message: string;
  /** What the user was doing: "Create topic", "Kill broker 2". */
  action: string;
}

export interface NoticesSlice {
  errors: Notice[];
}

export const noticesSlice = (): NoticesSlice => ({ errors: [] });
