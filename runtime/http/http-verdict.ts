/** The facts of one fingerprinted HTTP message that the event, NAT scoring and host updates share. */
import type { HttpObservation } from '../fingerprint/http-observation.js';
import type { HttpLanguage } from '../fingerprint/http-language.js';
import type { HttpMatchResult } from '../match/match-result.js';

export interface HttpVerdict {
  readonly observation: HttpObservation;
  readonly match: HttpMatchResult;
  /** The matched signature expects software the User-Agent/Server does not contain. */
  readonly dishonest: boolean;
  readonly language: HttpLanguage;
  readonly rawSig: string;
}
