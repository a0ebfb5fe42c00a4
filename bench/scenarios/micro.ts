import { decodeResponse, type ResponseFormat } from '../../src/ecs/decode.js';
import { encodeParams } from '../../src/ecs/encode-params.js';
import { signRequest, signRequestV3 } from '../../src/ecs/signed-request.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { BENCH_ACCOUNT, createBenchDomain, NESTED_REGION } from '../lib/estate.js';
import { answerBody } from '../lib/in-process.js';
import type { Scenario } from '../lib/scenario.js';
import { median, percentile } from '../lib/stats.js';
import { timePerOp } from '../lib/timing.js';

const FORMATS: readonly ResponseFormat[] = ['XML', 'JSON'];

/** S5: the CPU cost of the wire layer's own work, per call. */
export const micro: Scenario = {
  name: 'micro',
  title: 'S5. Micro figures: signing and decoding',
  async run({ quick }) {
    const limits = API_LIMITS['2014'];
    const domain = createBenchDomain();
    const input = { RegionId: NESTED_REGION, PageNumber: 1, PageSize: 50 };
    const params = encodeParams(DescribeInstances.params, input, limits);
    const time = new Date();
    const budgetMs = quick ? 300 : 2_000;

    const rows: Array<[string, number, number, number]> = [];
    const raw: Record<string, unknown> = {};
    const measure = (name: string, bytes: number, op: () => unknown, batch: number) => {
      const perOpNs = timePerOp(op, { batch, minBatches: 10, budgetMs });
      const us = perOpNs.map((ns) => ns / 1000);
      rows.push([name, bytes, median(us), percentile(us, 99)]);
      raw[name] = { bytes, batches: us.length, batch, perOpMicroseconds: us };
    };

    let nonce = 0;
    measure(
      'sign one DescribeInstances (HMAC-SHA1 v1)',
      0,
      () =>
        signRequest({
          action: DescribeInstances.name,
          params,
          format: 'XML',
          credentials: BENCH_ACCOUNT,
          nonce: `bench-${nonce++}`,
          time,
        }),
      2_000,
    );
    // Beside it, the same call signed as today's SDKs sign it: two SHA-256 and an HMAC-SHA256.
    measure(
      'sign one DescribeInstances (ACS3-HMAC-SHA256 v3)',
      0,
      () =>
        signRequestV3({
          action: DescribeInstances.name,
          params,
          format: 'JSON',
          credentials: BENCH_ACCOUNT,
          nonce: `bench-${nonce++}`,
          time,
          host: 'ecs.cn-hangzhou.aliyuncs.com',
          path: '/',
        }),
      2_000,
    );
    for (const format of FORMATS) {
      const body = await answerBody(domain, DescribeInstances, input, { format, limits });
      const page = decodeResponse(DescribeInstances, body, format);
      if (page.Instances.length !== 50)
        throw new Error(`the ${format} page holds ${page.Instances.length} instances, not 50`);
      measure(
        `decode a 50-instance page (${format})`,
        Buffer.byteLength(body),
        () => decodeResponse(DescribeInstances, body, format),
        20,
      );
    }
    return {
      tables: [
        {
          title: 'Per operation, µs (median and p99 of batch means)',
          columns: ['operation', 'body bytes', 'median µs', 'p99 µs'],
          rows: rows.map(([name, bytes, med, p99]) => [name, bytes === 0 ? '—' : bytes, med, p99]),
          notes: [`Batches for ${budgetMs} ms each; a batch's mean is one sample.`],
        },
      ],
      targets: [],
      skipped: [],
      raw,
    };
  },
};
