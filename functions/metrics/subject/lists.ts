/**
 * The list rules of rules.ts (`distributive-list`, `distributive-given`, `jun-each`): after every
 * figure has a subject, `分别` gives one listed subject per value and `均` copies one value to each.
 */
import { clauseStartOf, cleanSubject, firstChangeCue } from '../context.js';
import {
  JUN_RE,
  LIST_INTRODUCERS,
  LIST_MARKS,
  LIST_SEPARATORS,
  LIST_SIZE_RE,
  VALUE_LIST_GAP,
} from '../lexicon/subject.js';
import { matchVerb } from '../lexicon/verbs.js';
import type { Resolved } from '../resolved.js';
import type { SubjectRuleId } from './rules.js';

/** `A、B和C，分别上涨x、y和z` / `A、B分别下降x、y`: one subject per listed value. */
export function expandDistributive(n: string, text: string, items: Resolved[]): Resolved[] {
  const out: Resolved[] = [];
  let i = 0;
  while (i < items.length) {
    const first = items[i] as Resolved;
    // `A、B分别为：10个、20个`: 分别 may end the clause before a colon.
    const scanFrom =
      n[first.clauseStart - 1] === '：' || n[first.clauseStart - 1] === ':'
        ? clauseStartOf(n, first.clauseStart - 1, first.sentence.start)
        : first.clauseStart;
    const inClause = n.slice(scanFrom, first.m.start).lastIndexOf('分别');
    const fenbie = inClause < 0 ? -1 : scanFrom + inClause;
    const junAt = JUN_RE.test(n.slice(first.clauseStart, first.m.start));
    if (fenbie >= first.sentence.start && fenbie >= scanFrom && fenbie < first.m.start) {
      // The run of values after 分别, separated only by list marks.
      let j = i + 1;
      while (j < items.length) {
        const a = items[j - 1] as Resolved;
        const b = items[j] as Resolved;
        const gap = n.slice(a.m.end, b.m.start);
        if (b.sentence.start !== first.sentence.start || !VALUE_LIST_GAP.test(gap)) break;
        j++;
      }
      const run = items.slice(i, j);
      let listRule: SubjectRuleId = 'distributive-list';
      let subjects: readonly (string | null)[] | undefined = listSubjects(
        n,
        text,
        first,
        scanFrom,
        fenbie,
        run.length,
      );
      if (!subjects) {
        // `接待游客126.8万人次，实现旅游收入12.6亿元，分别增长18.2%和21.5%`: the figures just given,
        // each change taking its figure's subject (none where that figure named none: `审结1.2万件`).
        const given = out.slice(-run.length);
        if (
          given.length === run.length &&
          given.every((g) => g.sentence.start === first.sentence.start) &&
          given.some((g) => g.subject)
        ) {
          subjects = given.map((g) => g.subject);
          listRule = 'distributive-given';
        }
      }
      if (run.length > 1 && subjects) {
        const listed = subjects;
        run.forEach((r, k) => {
          const s = listed[k];
          if (s === undefined) out.push(r);
          else out.push({ ...r, subject: s, subjectRule: listRule });
        });
        i = j;
        continue;
      }
    } else if (junAt) {
      const subjects = first.subject?.split(LIST_SEPARATORS).filter((s) => s.length > 0);
      if (subjects && subjects.length > 1) {
        for (const s of subjects) out.push({ ...first, subject: s, subjectRule: 'jun-each' });
        i++;
        continue;
      }
    }
    out.push(first);
    i++;
  }
  return out;
}

function splitList(s: string, count: number): string[] | undefined {
  const byComma = s
    .split('、')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (byComma.length === count) return byComma;
  const all = s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (all.length === count) return all;
  if (byComma.length === count - 1) {
    const last = byComma.pop() as string;
    const parts = last.split(LIST_SEPARATORS).filter((x) => x.length > 0);
    if (parts.length === 2) return [...byComma, ...parts];
  }
  return undefined;
}

function listSubjects(
  n: string,
  text: string,
  first: Resolved,
  clauseStart: number,
  fenbie: number,
  count: number,
): string[] | undefined {
  let from = clauseStart;
  let raw = n.slice(from, fenbie);
  const cut = firstChangeCue(n, from, fenbie);
  if (cut >= 0) raw = n.slice(from, cut);
  if (!LIST_MARKS.test(raw) && from > first.sentence.start) {
    // The list is in the clause before: `另外涨幅居前的还有鲜果、水产品和食用油，分别上涨…`
    const pcs = clauseStartOf(n, from - 1, first.sentence.start);
    from = pcs;
    raw = n.slice(pcs, clauseStart - 1);
    const tail = raw.split(LIST_INTRODUCERS).pop() ?? raw;
    from = pcs + raw.length - tail.length;
    raw = tail;
  }
  // A list that carries its own figures (`企业1.8万户、个体工商户3.7万户，分别增长…`) is better read
  // from those figures' subjects.
  if (/[0-9]/.test(raw)) return undefined;
  let listText = cleanSubject(raw);
  // `新建学校、医院分别为…`: a verb before the list is shared, not part of its first item.
  const lead = matchVerb(listText, 0, listText.length);
  if (lead && listText.length > lead.length) listText = listText.slice(lead.length);
  // `长沙、株洲、湘潭三市分别…`: the count of the list is not part of its last item.
  const items = splitList(listText.replace(LIST_SIZE_RE, ''), count);
  if (!items) return undefined;
  return items.map((s) => {
    const rel = n.slice(from, first.m.start).indexOf(s);
    return rel >= 0 ? text.slice(from + rel, from + rel + s.length) : s;
  });
}
