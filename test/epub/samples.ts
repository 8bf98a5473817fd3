/** Small sources written for the EPUB tests. */

/** Text that looks like markup or templates, and characters XML 1.0 cannot carry. */
export const HOSTILE = [
  'عنوان\u0001 {{title}} <script>',
  '',
  'فقرة فيها <script>alert(1)</script> ونهاية ]]> ورمز &amp; وقالب {{title}} و{{{body}}} ومحرف\u0001 تحكم ومحرف\uFFFE ممنوع.',
  '',
  'سطر آخر فيه <![CDATA[ x ]]> و <!-- تعليق --> و &#0; و "اقتباس" و \'مفرد\'.',
  '',
].join('\n');

/** A Markdown source with front matter, links inside the document, an image and raw HTML. */
export const MARKDOWN = `---
title: "دليل <التجربة> & الاختبار"
author: كاتب تجريبي
publisher: دار المثال
subject: اختبار
keywords: [أول, ثان]
date: 2021-05-03
---

# دليل التجربة

مقدمة فيها رابط [إلى القسم الثاني](#القسم-الثاني) ورابط [خارجي](https://example.org/a?b=1&c=2) وصورة ![وصف الصورة](images/pic.png).

<div class="raw">html <b>خام</b></div>

## القسم الأول

> اقتباس مهم

- بند *مائل* و**غامق** و\`شفرة\`
- بند ثان

---

\`\`\`js
const x = "<tag>" && 1 > 0;
\`\`\`

## القسم الثاني

1. أول
2. ثان

### فرعي

نص أخير مع رابط [العودة](#دليل-التجربة).
`;
