/** p0f 3.09b's HTTP parsing limits (config.h), all counted in bytes. */
export const HTTP_LIMITS = {
  /** Bytes kept per direction of a flow. */
  maxPayload: 8192,
  /** The request/status line's LF must sit below this absolute offset. */
  maxLineOffset: 1024,
  /** Header lines per message. */
  maxHeaders: 32,
  /** Header name length. */
  maxNameLength: 32,
  /** Value bytes after the blank skip, counting a trailing CR. */
  maxValueLength: 1024,
  /** Shortest buffer worth looking at for a request (`GET / HTTP/1.x` + LF). */
  minRequestLength: 15,
  /** Shortest buffer worth looking at for a response. */
  minResponseLength: 13,
} as const;
