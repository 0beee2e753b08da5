// docx -> html and docx -> txt with mammoth (semantic HTML: headings, lists, tables). A
// password-protected docx is refused as such first (office-container.ts). Pictures in Windows'
// own vector formats (EMF, WMF) are left out of the html, since no browser can show them, and
// the result's note says how many.
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import mammoth from 'mammoth';
import { type Converter, parsing } from './converter.ts';
import { htmlPage } from './html-page.ts';
import { refuseCompoundFile } from './office-container.ts';

/** Windows metafiles: browsers draw nothing for them. */
const UNSHOWABLE = new Set(['image/x-emf', 'image/emf', 'image/x-wmf', 'image/wmf']);
const LEFT_OUT = 'left-out:metafile';

export const docxToHtml: Converter = {
  from: 'docx',
  to: 'html',
  async run(ctx) {
    await refuseCompoundFile(ctx.input);
    let leftOut = 0;
    const result = await parsing(() =>
      mammoth.convertToHtml(
        { path: ctx.input },
        {
          convertImage: mammoth.images.imgElement(async (image) => {
            if (UNSHOWABLE.has(image.contentType.toLowerCase())) {
              leftOut += 1;
              return { src: LEFT_OUT };
            }
            return { src: `data:${image.contentType};base64,${await image.readAsBase64String()}` };
          }),
        },
      ),
    );
    const html = result.value.replace(/<img [^>]*src="left-out:[^"]*"[^>]*\/?>/g, '');
    const title = basename(ctx.sourceName, extname(ctx.sourceName));
    await writeFile(ctx.output, htmlPage(title, html));
    if (leftOut > 0)
      ctx.note(
        `${leftOut} ${leftOut === 1 ? 'picture' : 'pictures'} in EMF or WMF format (Windows drawings no browser can show) ${leftOut === 1 ? 'was' : 'were'} left out.`,
      );
  },
};

export const docxToTxt: Converter = {
  from: 'docx',
  to: 'txt',
  async run(ctx) {
    await refuseCompoundFile(ctx.input);
    const result = await parsing(() => mammoth.extractRawText({ path: ctx.input }));
    await writeFile(ctx.output, result.value);
  },
};
