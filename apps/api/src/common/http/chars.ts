import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Invisible format characters (Unicode category Cf: zero-width space/joiners, bidi embeddings,
 * overrides and isolates, word joiner, BOM, soft hyphen …). They make two different strings look
 * identical ("101" and "1\u200B01"), or text display in another order than it is stored. A zero-width
 * joiner between two emoji (👨‍👩‍👧) is part of the picture and stays.
 */
const INVISIBLE =
  /[^\P{Cf}\u200D]|(?<![\p{Extended_Pictographic}][\p{Emoji_Modifier}\uFE0F]?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** C0 and C1 control characters (NUL, ESC, DEL …); tab, CR and LF are allowed in multi-line text only. */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;
/** In a `u` regex a surrogate without its partner reads as a code point of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text as we store it: NFC (one code point sequence per visible string), invisible format characters
 * removed, surrounding white space trimmed. Used by every DTO text field (through `Chars`) and by the
 * household import, whose rows never pass through a DTO.
 */
export function normalizeText(value: string): string {
  return value.replace(INVISIBLE, '').normalize('NFC').trim();
}

/**
 * Why `value` (already normalized) cannot be stored, or null. Control characters have no place in a
 * name or a room number, and a lone surrogate (half an emoji) is not text at all: MySQL's utf8mb4
 * refuses it.
 */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (lone surrogate)';
  if ((options.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value)) {
    return options.multiline ? 'contains control characters' : 'contains control characters or line breaks';
  }
  return null;
}

export interface CharsOptions extends ValidationOptions {
  /** Line breaks and tabs allowed (descriptions, notes, comments). Names and room numbers: no. */
  multiline?: boolean;
}

/**
 * A text field: normalized (normalizeText), free of control characters and broken surrogates, and
 * min–max characters long as MySQL's VARCHAR counts them (code points). class-validator's @Length
 * skips variation selectors (U+FE0F), so text that passes it could still overflow the column as a 500.
 */
export function Chars(min: number, max: number, options: CharsOptions = {}): PropertyDecorator {
  const { multiline = true, ...validation } = options;
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeText(value) : value)),
    ValidateBy(
      {
        name: 'chars',
        constraints: [min, max],
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' &&
            textProblem(value, { multiline }) === null &&
            [...value].length >= min &&
            [...value].length <= max,
          defaultMessage: buildMessage((each) => {
            return `${each}$property must be ${min}–${max} characters long, without control or invisible characters`;
          }, validation),
        },
      },
      validation,
    ),
  );
}
