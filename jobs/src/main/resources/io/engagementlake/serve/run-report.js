/*
 * Draws the run report from the JSON object in #report-data (RunReport.java): tables with DOM
 * text nodes, charts with Apache ECharts (SVG renderer, no animation, so that the page is
 * complete once this script has run). A chart without data shows a note instead.
 */
(function () {
  'use strict';

  var report = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  var COLORS = {
    blue: '#2f6fb3', orange: '#e8833a', green: '#3aa17e', red: '#c0392b', grey: '#9aa5b1', purple: '#8e6cc7'
  };
  var TIER_COLORS = {
    champion: '#1b5e9e', engaged: '#3c8dd6', casual: '#8bbbe8', dormant: '#c9d9ea', inactive: '#d5d9de'
  };
  var STEP_NAMES = {
    product_view: 'Product view', add_to_cart: 'Add to cart', checkout: 'Checkout', order_completed: 'Order completed'
  };
  var TEXT = { color: '#1f2933', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif' };

  function integer(value) {
    return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
  }

  function percent(value, digits) {
    return value === null || value === undefined ? '–' : (100 * value).toFixed(digits === undefined ? 1 : digits) + '%';
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  /** A table; each cell is text, or {text, number, reasons} for a right-aligned figure with its reasons below. */
  function table(headers, rows, rowClass) {
    var node = element('table');
    var head = element('tr');
    headers.forEach(function (header) {
      head.appendChild(element('th', header.number ? 'number' : '', header.text));
    });
    node.appendChild(element('thead')).appendChild(head);
    var body = node.appendChild(element('tbody'));
    rows.forEach(function (row, index) {
      var line = element('tr', rowClass ? rowClass(index) : '');
      row.forEach(function (cell) {
        var isObject = cell !== null && typeof cell === 'object';
        var td = element('td', isObject && cell.number ? 'number' : '', isObject ? cell.text : cell);
        if (isObject && cell.reasons) {
          cell.reasons.forEach(function (reason) {
            td.appendChild(element('div', 'reasons', reason));
          });
        }
        line.appendChild(td);
      });
      body.appendChild(line);
    });
    return node;
  }

  function reasons(byReason) {
    return Object.keys(byReason || {}).map(function (reason) {
      return reason + ' ' + integer(byReason[reason]);
    });
  }

  function figure(value, label, bad) {
    var node = element('div', bad ? 'figure bad' : 'figure');
    node.appendChild(element('div', 'value', value));
    node.appendChild(element('div', 'label', label));
    return node;
  }

  function empty(id, message) {
    var container = document.getElementById(id);
    container.classList.add('empty');
    container.setAttribute('data-empty', 'true');
    container.textContent = message;
  }

  function chart(id, option) {
    var instance = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
    option.animation = false;
    option.textStyle = TEXT;
    instance.setOption(option);
    charts.push(instance);
  }

  /** Runs one part of the page; a failure is reported on the console and the other parts still render. */
  function section(name, draw) {
    try {
      draw();
    } catch (error) {
      console.error('run report: ' + name + ' failed to render: ' + (error && error.stack ? error.stack : error));
    }
  }

  function thisRunJobs() {
    return report.jobs.filter(function (job) { return job.thisRun; });
  }

  section('header', function () {
    document.getElementById('as-of').textContent = report.asOf;
    document.getElementById('run-id').textContent = report.runId;
    var jobs = thisRunJobs();
    var failed = report.jobs.filter(function (job) { return job.status !== 'succeeded'; }).length;
    var seconds = jobs.reduce(function (total, job) { return total + job.durationSeconds; }, 0);
    var read = report.sources.reduce(function (total, source) { return total + (source.read || 0); }, 0);
    var quarantined = report.sources.reduce(function (total, source) { return total + (source.quarantined || 0); }, 0);
    var customers = report.tiers.reduce(function (total, tier) { return total + tier.customers; }, 0);
    var figures = document.getElementById('figures');
    figures.appendChild(figure(integer(jobs.length), 'jobs in this run (before the report)'));
    figures.appendChild(figure(integer(failed), 'failed jobs', failed > 0));
    figures.appendChild(figure(seconds.toFixed(0) + ' s', 'time in jobs of this run'));
    figures.appendChild(figure(integer(read), 'rows read by silver'));
    figures.appendChild(figure(integer(quarantined), 'rows quarantined'));
    figures.appendChild(figure(integer(customers), 'customers in the snapshot'));
  });

  section('sources', function () {
    document.getElementById('sources-table').appendChild(table(
      [{ text: 'Source' }, { text: 'Files landed', number: true }, { text: 'Rows landed', number: true },
        { text: 'Read', number: true }, { text: 'Kept', number: true }, { text: 'Quarantined', number: true },
        { text: 'Dropped', number: true }],
      report.sources.map(function (source) {
        return [source.source,
          { text: integer(source.filesLanded), number: true }, { text: integer(source.rowsLanded), number: true },
          { text: integer(source.read), number: true }, { text: integer(source.kept), number: true },
          { text: integer(source.quarantined), number: true, reasons: reasons(source.quarantinedByReason) },
          { text: integer(source.dropped), number: true, reasons: reasons(source.droppedByReason) }];
      })));
    var withCounts = report.sources.filter(function (source) { return source.read !== null; });
    if (withCounts.length === 0) {
      empty('chart-accounting', 'No silver job has recorded its row accounting for this date.');
      return;
    }
    var names = withCounts.map(function (source) { return source.source; });
    function series(name, field, color) {
      return {
        name: name, type: 'bar', stack: 'rows', barMaxWidth: 28, itemStyle: { color: color },
        data: withCounts.map(function (source) { return source[field] || 0; })
      };
    }
    chart('chart-accounting', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 90, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [series('kept', 'kept', COLORS.green), series('quarantined', 'quarantined', COLORS.orange),
        series('dropped', 'dropped', COLORS.grey)]
    });
  });

  section('tables', function () {
    document.getElementById('tables-table').appendChild(table(
      [{ text: 'Table' }, { text: 'Job' }, { text: 'Rows written', number: true }],
      report.tables.map(function (written) {
        return [written.table, written.job, { text: integer(written.rows), number: true }];
      })));
  });

  section('durations', function () {
    if (report.jobs.length === 0) {
      empty('chart-durations', 'No job has a record for this date.');
      return;
    }
    var earlier = report.jobs.filter(function (job) { return !job.thisRun; });
    var failed = report.jobs.filter(function (job) { return job.status !== 'succeeded'; });
    var notes = document.getElementById('jobs-notes');
    if (earlier.length > 0) {
      notes.appendChild(element('div', '', 'From an earlier run of this date (grey): '
        + earlier.map(function (job) { return job.job + ' (' + job.startedAt + ')'; }).join(', ') + '.'));
    }
    failed.forEach(function (job) {
      notes.appendChild(element('div', '', job.job + ' ' + job.status + ': ' + (job.error || '')));
    });
    chart('chart-durations', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 190, right: 56, top: 10, bottom: 28 },
      xAxis: { type: 'value', name: 's', nameLocation: 'end' },
      yAxis: { type: 'category', inverse: true, axisLabel: { interval: 0 }, data: report.jobs.map(function (job) { return job.job; }) },
      series: [{
        type: 'bar', name: 'seconds', barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: function (params) { return params.value.toFixed(1) + ' s'; } },
        data: report.jobs.map(function (job) {
          var color = job.status !== 'succeeded' ? COLORS.red : job.thisRun ? COLORS.blue : COLORS.grey;
          return { value: job.durationSeconds, itemStyle: { color: color } };
        })
      }]
    });
  });

  section('retention', function () {
    if (report.retention.length === 0) {
      empty('chart-retention', 'No cohort has a complete month yet.');
      return;
    }
    var cohorts = [];
    var sizes = {};
    var maxPeriod = 0;
    var maxLaterRate = 0;
    report.retention.forEach(function (cell) {
      if (!(cell.cohortMonth in sizes)) {
        cohorts.push(cell.cohortMonth);
        sizes[cell.cohortMonth] = cell.cohortSize;
      }
      maxPeriod = Math.max(maxPeriod, cell.period);
      if (cell.period > 0) {
        maxLaterRate = Math.max(maxLaterRate, cell.retentionRate);
      }
    });
    var periods = [];
    for (var period = 0; period <= maxPeriod; period++) {
      periods.push('+' + period);
    }
    chart('chart-retention', {
      tooltip: {
        formatter: function (params) {
          var cohort = cohorts[params.value[1]];
          return cohort + ' (' + integer(sizes[cohort]) + ' customers), month +' + params.value[0] + ': '
            + percent(params.value[2]);
        }
      },
      grid: { left: 130, right: 24, top: 10, bottom: 70 },
      xAxis: { type: 'category', data: periods, name: 'months after the first purchase', nameLocation: 'middle', nameGap: 28,
        axisLabel: { interval: 0 } },
      yAxis: { type: 'category', inverse: true, axisLabel: { interval: 0 },
        data: cohorts.map(function (cohort) { return cohort + '  (' + integer(sizes[cohort]) + ')'; }) },
      visualMap: {
        min: 0, max: maxLaterRate > 0 ? maxLaterRate : 1, calculable: false, orient: 'horizontal', left: 'center',
        bottom: 0, itemHeight: 160, text: [percent(maxLaterRate > 0 ? maxLaterRate : 1, 0) + ' or more', '0%'],
        inRange: { color: ['#f1f6fb', '#9ec5e8', '#2f6fb3', '#143d6b'] }
      },
      series: [{
        type: 'heatmap',
        label: { show: true, fontSize: 10, formatter: function (params) { return percent(params.value[2], 0); } },
        data: report.retention.map(function (cell) {
          return [cell.period, cohorts.indexOf(cell.cohortMonth), cell.retentionRate];
        })
      }]
    });
  });

  section('nps', function () {
    if (report.nps.length === 0) {
      empty('chart-nps', 'No relationship NPS response up to this date.');
      return;
    }
    var months = report.nps.map(function (month) { return month.month; });
    chart('chart-nps', {
      tooltip: {
        trigger: 'axis',
        formatter: function (params) {
          var month = report.nps[params[0].dataIndex];
          return month.month + ': NPS ' + month.nps.toFixed(1) + ' ± ' + month.marginOfError.toFixed(1)
            + ' (' + integer(month.responses) + ' responses)';
        }
      },
      legend: { top: 0, data: ['NPS', '95% margin of error', 'responses'] },
      grid: { left: 16, right: 16, top: 44, bottom: 8, containLabel: true },
      // Every month labelled; turned when a year of them would not fit side by side.
      xAxis: { type: 'category', data: months, axisLabel: { interval: 0, rotate: months.length > 6 ? 45 : 0 } },
      yAxis: [{ type: 'value', name: 'NPS', min: -100, max: 100, interval: 50 },
        { type: 'value', name: 'responses', splitLine: { show: false } }],
      series: [{
        name: 'responses', type: 'bar', yAxisIndex: 1, barWidth: '40%', itemStyle: { color: '#dfe7f0' },
        data: report.nps.map(function (month) { return month.responses; })
      }, {
        name: '95% margin of error', type: 'custom', itemStyle: { color: COLORS.blue },
        encode: { x: 0, y: [1, 2] },
        renderItem: function (params, api) {
          var low = api.coord([api.value(0), api.value(1)]);
          var high = api.coord([api.value(0), api.value(2)]);
          var half = api.size([1, 0])[0] * 0.12;
          var style = { stroke: COLORS.blue, lineWidth: 1.5, fill: null };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
              { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style: style },
              { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style: style }
            ]
          };
        },
        data: report.nps.map(function (month, index) {
          return [index, Math.max(-100, month.nps - month.marginOfError), Math.min(100, month.nps + month.marginOfError)];
        }),
        z: 3
      }, {
        name: 'NPS', type: 'line', symbolSize: 7, itemStyle: { color: COLORS.orange }, lineStyle: { width: 2 }, z: 4,
        data: report.nps.map(function (month) { return Number(month.nps.toFixed(1)); })
      }]
    });
  });

  section('tiers', function () {
    var customers = report.tiers.reduce(function (total, tier) { return total + tier.customers; }, 0);
    if (customers === 0) {
      empty('chart-tiers', 'No customer in the snapshot of this date.');
      return;
    }
    chart('chart-tiers', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 56, right: 24, top: 30, bottom: 28 },
      xAxis: { type: 'category', data: report.tiers.map(function (tier) { return tier.tier; }) },
      yAxis: { type: 'value', name: 'customers' },
      series: [{
        type: 'bar', name: 'customers', barWidth: '55%',
        label: {
          show: true, position: 'top',
          formatter: function (params) { return integer(params.value) + ' (' + percent(params.value / customers) + ')'; }
        },
        data: report.tiers.map(function (tier) {
          return { value: tier.customers, itemStyle: { color: TIER_COLORS[tier.tier] || COLORS.grey } };
        })
      }]
    });
  });

  section('cx impact', function () {
    var note = document.getElementById('cx-note');
    note.textContent = 'Average revenue and the share of customers who bought again in the ' + report.cxHorizonDays
      + ' days after a relationship NPS response, by the response\'s category (all segments).';
    if (report.cxImpact.length === 0) {
      empty('chart-cx-impact', 'No relationship NPS response has a full ' + report.cxHorizonDays
        + '-day horizon before this date yet, so there is nothing to compare.');
      return;
    }
    var categories = report.cxImpact.map(function (category) { return category.category; });
    chart('chart-cx-impact', {
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (params) {
          var category = report.cxImpact[params[0].dataIndex];
          return category.category + ': ' + integer(category.responses) + ' responses, average revenue after '
            + Number(category.avgRevenueAfter).toFixed(2) + ', retention ' + percent(category.retentionRate)
            + (category.revenueIndex === null ? '' : ', revenue index ' + category.revenueIndex.toFixed(2));
        }
      },
      legend: { top: 0, data: ['average revenue after', 'retention rate'] },
      grid: { left: 64, right: 56, top: 44, bottom: 28 },
      xAxis: { type: 'category', data: categories },
      yAxis: [{ type: 'value', name: 'revenue' },
        { type: 'value', name: 'retention', min: 0, max: 1, splitLine: { show: false },
          axisLabel: { formatter: function (value) { return percent(value, 0); } } }],
      series: [{
        name: 'average revenue after', type: 'bar', barMaxWidth: 36, itemStyle: { color: COLORS.blue },
        label: { show: true, position: 'top', formatter: function (params) { return Number(params.value).toFixed(0); } },
        data: report.cxImpact.map(function (category) { return Number(category.avgRevenueAfter); })
      }, {
        name: 'retention rate', type: 'bar', yAxisIndex: 1, barMaxWidth: 36, itemStyle: { color: COLORS.purple },
        label: { show: true, position: 'top', formatter: function (params) { return percent(params.value, 0); } },
        data: report.cxImpact.map(function (category) { return category.retentionRate; })
      }]
    });
  });

  section('funnel', function () {
    var funnel = report.funnel;
    if (funnel === null || funnel.steps[0].sessions === 0) {
      document.getElementById('funnel-note').textContent = 'Sessions reaching each step, all devices.';
      empty('chart-funnel', 'No session reached a product view up to this date.');
      return;
    }
    document.getElementById('funnel-note').textContent = 'Sessions reaching each step, all devices, '
      + funnel.firstMonth + ' to ' + funnel.lastMonth + ' (' + integer(funnel.sessions) + ' sessions in all). '
      + 'Drop-off: share of the previous step\'s sessions that go no further.';
    chart('chart-funnel', {
      tooltip: { trigger: 'item' },
      series: [{
        type: 'funnel', sort: 'none', left: '2%', top: 10, bottom: 10, width: '46%', minSize: '8%', gap: 3,
        label: {
          show: true, position: 'right', color: TEXT.color, lineHeight: 16,
          formatter: function (params) {
            var step = params.data.step;
            return STEP_NAMES[step.step] + ': ' + integer(step.sessions) + ' sessions'
              + (step.dropOffRate === null ? '' : '\n' + percent(step.dropOffRate) + ' drop-off, '
                + percent(step.conversionRate) + ' of product views');
          }
        },
        labelLine: { show: true },
        data: funnel.steps.map(function (step, index) {
          var shades = ['#1b5e9e', '#3c8dd6', '#74abe0', '#a9cdee'];
          return { name: STEP_NAMES[step.step], value: step.sessions, step: step, itemStyle: { color: shades[index % 4] } };
        })
      }]
    });
  });

  section('holdout', function () {
    var holdout = report.holdout;
    var note = document.getElementById('holdout-note');
    if (holdout === null) {
      note.textContent = 'BG/NBD refitted on the history before the holdout period, its predicted orders in that period vs the actual ones.';
      empty('chart-holdout', 'No holdout check for this date: no purchase before the holdout period, or the refit did not converge.');
      return;
    }
    var off = holdout.actual === 0 ? null : (holdout.predicted - holdout.actual) / holdout.actual;
    note.textContent = 'BG/NBD refitted on the history up to ' + holdout.holdoutDays + ' days before the as-of date predicted '
      + holdout.predicted.toFixed(1) + ' purchase days in those ' + holdout.holdoutDays + ' days; ' + integer(holdout.actual)
      + ' happened' + (off === null ? '.' : ' (prediction error ' + (off >= 0 ? '+' : '') + percent(off) + ').')
      + ' By the customers\' repeat purchase days in the calibration period:';
    if (holdout.byFrequency.length === 0) {
      empty('chart-holdout', 'The holdout check has no frequency buckets.');
      return;
    }
    chart('chart-holdout', {
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (params) {
          var bucket = holdout.byFrequency[params[0].dataIndex];
          return 'frequency ' + bucket.frequencyBucket + ' (' + integer(bucket.customers) + ' customers): predicted '
            + bucket.predicted.toFixed(1) + ', actual ' + integer(bucket.actual);
        }
      },
      legend: { top: 0, data: ['predicted', 'actual'] },
      grid: { left: 56, right: 24, top: 44, bottom: 44 },
      xAxis: { type: 'category', name: 'repeat purchase days before the holdout period', nameLocation: 'middle', nameGap: 28,
        data: holdout.byFrequency.map(function (bucket) { return bucket.frequencyBucket; }) },
      yAxis: { type: 'value', name: 'purchase days in the holdout period', nameTextStyle: { align: 'left' } },
      series: [{
        name: 'predicted', type: 'bar', barMaxWidth: 36, itemStyle: { color: COLORS.orange },
        data: holdout.byFrequency.map(function (bucket) { return Number(bucket.predicted.toFixed(1)); })
      }, {
        name: 'actual', type: 'bar', barMaxWidth: 36, itemStyle: { color: COLORS.blue },
        data: holdout.byFrequency.map(function (bucket) { return bucket.actual; })
      }]
    });
  });

  window.addEventListener('resize', function () {
    charts.forEach(function (instance) { instance.resize(); });
  });
  document.body.setAttribute('data-rendered', String(charts.length));
}());
