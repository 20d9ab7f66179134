// Draws the Series page charts with ECharts (served from /static, no CDN). The page hands its data
// over in <script type="application/json" id="series-data">: no inline script, no innerHTML.
// After drawing, each chart element carries data-marks (the point symbols ECharts drew) and
// data-points (the points it was given), so tests and people can check nothing was dropped.
(() => {
  const block = document.getElementById('series-data');
  const charts = globalThis.echarts;
  if (!block || !charts) return;
  const data = JSON.parse(block.textContent || '{"charts":[]}');
  const fontFamily = getComputedStyle(document.documentElement).fontFamily;
  // The canvas tooltip reads {style|text} as markup: braces from the page are shown as full-width.
  const plain = (text) => String(text).replace(/[{}]/g, (c) => (c === '{' ? '｛' : '｝'));
  let pending = data.charts.length;

  data.charts.forEach((chart, index) => {
    const element = document.getElementById(`chart-${index}`);
    if (!element) return;
    const instance = charts.init(element, null, { renderer: 'canvas' });
    const series = chart.series.map((line) => ({
      name: line.name,
      type: 'line',
      symbol: 'circle',
      symbolSize: 7,
      showSymbol: true,
      showAllSymbol: true,
      cursor: 'pointer',
      data: line.points.map((point) => ({
        value: [point.t, point.v],
        href: point.href,
        title: point.title,
        text: point.text,
        time: point.time,
      })),
    }));
    let counted = false;
    instance.on('finished', () => {
      if (counted) return;
      counted = true;
      const model = instance.getModel();
      let marks = 0;
      let points = 0;
      series.forEach((_, seriesIndex) => {
        const list = model.getSeriesByIndex(seriesIndex).getData();
        points += list.count();
        for (let i = 0; i < list.count(); i++) if (list.getItemGraphicEl(i)) marks += 1;
      });
      element.dataset.marks = String(marks);
      element.dataset.points = String(points);
      pending -= 1;
      if (pending === 0) document.body.dataset.chartsDrawn = 'true';
    });
    instance.on('click', (params) => {
      const href = params.data?.href;
      if (typeof href === 'string') window.location.assign(href);
    });
    instance.setOption({
      animation: false,
      textStyle: { fontFamily },
      tooltip: {
        trigger: 'item',
        renderMode: 'richText',
        formatter: (params) =>
          plain(
            `${params.data.time}\n${params.seriesName}: ${params.data.text}\n${params.data.title}`,
          ),
      },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 64 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: chart.unit === '-' ? '' : chart.unit, scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 8 }],
      series,
    });
    window.addEventListener('resize', () => instance.resize());
  });
})();
