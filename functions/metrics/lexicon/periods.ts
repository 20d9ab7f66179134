/**
 * Period phrases (`一年来`, `2021年1至8月`, `今年`, `截至8月3日`, `春节期间`). Matched once per paragraph;
 * each figure takes the nearest one before it in its paragraph. Every part is bounded, so no backtracking
 * blow-up.
 */
const CN = '[〇零一二两三四五六七八九十]';
const MONTHS = `(?:\\d{1,2}(?:至|-|—|到|~)\\d{1,2}月份?|前\\d{1,2}个?月|前${CN}{1,2}个?月|[上下]半年|前?[一二三四]季度|\\d{1,2}月份?|${CN}{1,2}月份?|底|末|全年)`;

export const PERIOD_RE = new RegExp(
  [
    '(?:截至|截止到?)(?:目前|今年|去年|\\d{4}年)?(?:\\d{1,2}月)?(?:\\d{1,2}日)?(?:\\d{1,2}时)?(?:底|末|止|为止)?',
    '(?:自|从)[^，。；\\n]{1,16}?以来',
    '\\d{4}年?(?:至|-|—|到|~)\\d{4}年',
    `(?:\\d{4}|[〇零一二三四五六七八九]{4})年(?:度)?${MONTHS}?(?:以来)?`,
    `(?:今年|去年|上年|全年|年内|当年|本年|明年)${MONTHS}?(?:以来)?`,
    '[上下]半年',
    `前\\d{1,2}个?月|前${CN}{1,2}个?月`,
    '\\d{1,2}月份',
    `(?:${CN}{1,3}|\\d{1,2}|近|多|几)年(?:来|以来)`,
    `近${CN}{1,2}年`,
    `连续(?:${CN}{1,3}|\\d{1,2})年`,
    '\\d{1,2}月\\d{1,2}日(?:晚上?|凌晨|上午|下午|早上|中午)?',
    '\\d{1,2}日(?:晚上?|凌晨|上午|下午|早上|中午)',
    '当晚|当天|当日|今天|今日|昨天|昨日|目前|日前',
    '“[^”\\n]{1,8}”期间',
    '[\\u4e00-\\u9fa5]{1,4}期间',
    '在[^，。；\\n]{1,8}时期',
  ].join('|'),
  'g',
);

/**
 * Every character a PERIOD_RE match can start with, except the open `[\u4e00-\u9fa5]{1,4}期间`
 * alternative (any ideograph with 期间 one to four characters later), which the scan checks apart.
 * Keep in step with PERIOD_RE: test/unit/metrics/period-scan.test.ts compares the scan with matchAll.
 */
export const PERIOD_FIRST_CHARS =
  '0123456789截自从〇零一二两三四五六七八九十今去上全年当本明下前近多几连昨目日“在';
