/**
 * A document worker (a worker thread of `document-workers.ts`): given a source the build's thread
 * read, recovers its structure and renders every format of the build, and sends the artifacts back unwritten; the
 * build's thread writes them (atomically, cleaned up on Ctrl-C) and keeps the manifest. Only
 * builds with no format that needs the browser use workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.js';
import { processSource } from '../pipeline.js';
import { loadReader } from '../parse/readers.js';
import { localImageFiles } from '../render/images.js';
import { pipelineOptions } from './config.js';
import { Preparation, renderFormat, type Stage, type Timer } from './run.js';
import { resolveBuild, writerContext } from './settings.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './document-workers.js';

const init = workerData as WorkerInit;
const b = resolveBuild(init.options);
const pipeline = pipelineOptions(b.config);
const preparation = new Preparation();
const context = writerContext(b, () => Promise.reject(new Error('a document worker has no browser')));

async function build(task: WorkerTask): Promise<WorkerReply> {
  const stageMs: Partial<Record<Stage, number>> = {};
  const timed: Timer = async (stage, work) => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      stageMs[stage] = (stageMs[stage] ?? 0) + performance.now() - t;
    }
  };
  try {
    // a reader's libraries load in each thread that parses such a source (the build's thread read it)
    await loadReader(task.source.format);
    const doc = await timed('parse', () => processSource(task.source, pipeline));
    await preparation.ready(b.formats, timed);
    const rendered = await Promise.all(b.formats.map((format) => renderFormat(doc, format, { context, outBase: task.outBase, timed })));
    return { id: task.id, title: doc.meta.title, images: localImageFiles(doc), warnings: doc.meta.warnings, rendered, stageMs };
  } catch (error) {
    return { id: task.id, error: describeError(error), stageMs };
  }
}

parentPort!.on('message', (task: WorkerTask) => {
  void build(task).then((reply) => parentPort!.postMessage(reply));
});
