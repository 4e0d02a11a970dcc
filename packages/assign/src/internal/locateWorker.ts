/** Entry of a worker thread of `threads.ts`: opens the shared index and answers jobs until closed. */
import { workerData } from 'node:worker_threads';
import { PolygonIndex } from '@wangge/index';
import { serveJobs, type WorkerData } from './threads';

const data = workerData as WorkerData;
serveJobs(PolygonIndex.fromBuffer(data.index), data);
