import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/**
 * A job summary rendered as GitHub-flavoured markdown, HTML passed through as GitHub passes it
 * (before its sanitizer): the witness for "outside text renders as text". micromark follows the
 * CommonMark and GFM specs; nobody here wrote it.
 */
export const renderGfm = (markdown: string): string =>
  micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })

/**
 * Markup that the hostile texts of the tests would produce if they were rendered as markdown or
 * HTML: their links point at `evil`, their headings say `Heading`, their HTML is `<b>x</b>`.
 */
export const MARKUP = /href="[^"]*evil|<img\b|<h\d>Heading|<b>x<\/b>|<em>|<strong>|<del>|<script/
