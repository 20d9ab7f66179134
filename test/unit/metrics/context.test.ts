import { describe, expect, it } from 'vitest';
import { extractMetrics, type Metric } from '../../../functions/metrics/index.js';

const byText = (s: string): Map<string, Metric> =>
  new Map(extractMetrics(s).map((m) => [m.text, m]));

describe('Function: extractMetrics context', () => {
  it('reads change direction and basis from the clause', () => {
    const ms = byText(
      '外流贩毒人数同比下降79.9%。增速比上月回落0.4个百分点。农村上涨1.8%。与2019年端午假期相比增长6.35%。',
    );
    expect(ms.get('79.9%')?.change).toEqual({ direction: 'down', basis: 'yoy' });
    expect(ms.get('0.4个百分点')?.change).toEqual({ direction: 'down', basis: 'mom' });
    expect(ms.get('1.8%')?.change).toEqual({ direction: 'up', basis: null });
    expect(ms.get('6.35%')?.change).toEqual({ direction: 'up', basis: 'yoy' });
  });

  it('reads 负增长 as a fall and a rate noun (增长率) as no cue', () => {
    expect(extractMetrics('工业产值同比负增长3.2%。')[0]?.change).toEqual({
      direction: 'down',
      basis: 'yoy',
    });
    expect(extractMetrics('增长率下降2个百分点。')[0]?.change?.direction).toBe('down');
  });

  it('treats levels, shares, margins and 新增 as no change', () => {
    const ms = byText(
      '破案率达98.6%。进出口额占同期贸易的45%。高出全省平均增速约12个百分点。新增强制戒毒收治床位3500个。第一产业增加值178.6亿元。',
    );
    for (const t of ['98.6%', '45%', '约12个百分点', '3500个', '178.6亿元'])
      expect(ms.get(t)?.change).toBeNull();
  });

  it('reads a change verb of any unit (增加, 减少, 增产)', () => {
    const ms = byText(
      '增加旱涝保收农田面积近800亩，减少失学儿童2.4万人；稻谷总产量比去年增产3200吨。',
    );
    expect(ms.get('近800亩')?.change?.direction).toBe('up');
    expect(ms.get('2.4万人')?.change?.direction).toBe('down');
    expect(ms.get('3200吨')?.change).toEqual({ direction: 'up', basis: 'yoy' });
  });

  it('does not let a cue govern a figure after another verb', () => {
    const ms = byText('客流同比增幅最大的桃花溪景区接待游客8万人次，同比增幅达236.71%。');
    expect(ms.get('8万人次')?.change).toBeNull();
    expect(ms.get('236.71%')?.change).toEqual({ direction: 'up', basis: 'yoy' });
  });

  it('applies the nearest period phrase before the figure, never backwards', () => {
    const ms = byText(
      '破命案积案19起，2021年1至8月全市八类恶性案件破案率同比上升102.38%，命案积案侦破数量居全省第一。',
    );
    expect(ms.get('19起')?.period).toBeNull();
    expect(ms.get('102.38%')?.period).toBe('2021年1至8月');
    expect(ms.get('全省第一')?.period).toBe('2021年1至8月');
    expect(byText('一年来，全市共破刑事案件4569起。').get('4569起')?.period).toBe('一年来');
  });

  it('finds the subject before, after or around the verb', () => {
    const ms = byText(
      '全市共破刑事案件4569起，刑拘7460人。投入5.3亿元建成5万余个“雪亮工程” 摄像头和70个实战应用平台。' +
        '外流贩毒人数同比下降79.9%。命案积案侦破数量居全省第一。岳阳楼景区接待游客18436人次。',
    );
    expect(ms.get('4569起')?.subject).toBe('刑事案件');
    expect(ms.get('7460人')?.subject).toBeNull();
    expect(ms.get('5.3亿元')?.subject).toBeNull();
    expect(ms.get('5万余个')?.subject).toBe('“雪亮工程” 摄像头');
    expect(ms.get('70个')?.subject).toBe('实战应用平台');
    expect(ms.get('79.9%')?.subject).toBe('外流贩毒人数');
    expect(ms.get('全省第一')?.subject).toBe('命案积案侦破数量');
    expect(ms.get('18436人次')?.subject).toContain('岳阳楼景区');
  });

  it('shares coordinated verbs and list verbs', () => {
    const ms = byText('查扣、冻结涉案资产26.1亿元，破获侵财案件2600余起、电诈案件500余起。');
    expect(ms.get('26.1亿元')?.action).toEqual(['查扣', '冻结']);
    expect(ms.get('500余起')).toMatchObject({ subject: '电诈案件', action: ['破获'] });
  });

  it('does not take a verb found inside a word', () => {
    const ms = byText('全市新建、改扩建派出所31个，设立矛盾调解室144个。');
    expect(ms.get('31个')).toMatchObject({ subject: '派出所', action: ['新建', '改扩建'] });
    expect(ms.get('144个')).toMatchObject({ subject: '矛盾调解室', action: ['设立'] });
  });

  it('vetoes a one-character verb inside a longer word (word segmentation and lexicon)', () => {
    const ms = byText('非法破坏耕地30亩，为建档立卡贫困户1200户发放补贴，全市共破刑事案件4569起。');
    expect(ms.get('30亩')?.action).toEqual([]);
    expect(ms.get('1200户')?.subject).toBe('建档立卡贫困户');
    expect(ms.get('4569起')?.action).toEqual(['破']);
  });

  it('expands 分别 lists into one metric per item', () => {
    const ms = extractMetrics('刑事、治安警情同比去年分别下降30.1%、23.7%。');
    expect(ms.map((m) => [m.subject, m.change?.direction])).toEqual([
      ['刑事', 'down'],
      ['治安警情', 'down'],
    ]);
    const prices = extractMetrics(
      '另外涨幅居前的还有鲜果、水产品和食用油，分别上涨6.4%、5.2%和1.9%。',
    );
    expect(prices.map((m) => m.subject)).toEqual(['鲜果', '水产品', '食用油']);
  });

  it('expands three-item 分别 lists, also when the values follow a colon', () => {
    const ms = extractMetrics(
      '可防性案件、亡人交通事故起数、死亡人数同比分别下降13.1%、13.9%、15.8%。',
    );
    expect(ms.map((m) => [m.subject, m.change?.direction, m.change?.basis])).toEqual([
      ['可防性案件', 'down', 'yoy'],
      ['亡人交通事故起数', 'down', 'yoy'],
      ['死亡人数', 'down', 'yoy'],
    ]);
    const colon = extractMetrics('新建学校、医院分别为：12所、3家。');
    expect(colon.map((m) => m.subject)).toEqual(['学校', '医院']);
  });

  it('reads 分别 after a list that carries its own figures from those figures', () => {
    const ms = extractMetrics('其中企业1.8万户、个体工商户3.7万户，分别增长21.2%和16.9%。');
    expect(ms.map((m) => m.subject)).toEqual(['企业', '个体工商户', '企业', '个体工商户']);
  });

  it('keeps a rate noun whole (办结率, 罚没款)', () => {
    const ms = byText('办结率100%，罚没款2350万元。');
    expect(ms.get('100%')?.subject).toBe('办结率');
    expect(ms.get('2350万元')?.subject).toBe('罚没款');
  });

  it('copies a 均 value to each listed subject', () => {
    const ms = extractMetrics('全市刑事案件、治安案件均下降10%。');
    expect(ms.map((m) => [m.text, m.subject])).toEqual([
      ['10%', '刑事案件'],
      ['10%', '治安案件'],
    ]);
  });

  it('copies a 均 rank to subjects joined by 和', () => {
    const ms = extractMetrics('金牌数和奖牌数均位列全国第八。');
    expect(ms.map((m) => [m.text, m.subject])).toEqual([
      ['全国第八', '金牌数'],
      ['全国第八', '奖牌数'],
    ]);
  });

  it('does not read 人均 or 年均 as the distributive 均', () => {
    const ms = extractMetrics('城镇、农村居民人均可支配收入达到3万元。');
    expect(ms).toHaveLength(1);
  });

  it('keeps a coordinated subject without 分别 as one metric', () => {
    const ms = extractMetrics('打击电诈、非法集资、环食药犯罪工作排名全省前三。');
    expect(ms).toHaveLength(1);
    expect(ms[0]?.subject).toContain('环食药犯罪工作');
  });
});
