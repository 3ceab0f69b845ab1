import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { addTime, completeLesson, getProgress, myLessons, openLesson, savePosition } from '../player/progress.js';
import { addNote, allMyNotes, deleteNote, lessonNotesOf, updateNote } from '../player/notes.js';
import { bookmark, myBookmarks, removeBookmark } from '../player/bookmarks.js';
import { ceHoursFor } from '../ce-hours.js';
import { bookmarkSchema, ceHoursSchema, heartbeatBody, heartbeatSchema, idParams, lessonKeyParams, myLessonSchema, noteBody, noteSchema, notePatch, positionSchema, progressSchema } from '../views.js';

const tags = ['learning: lesson player'];

export function playerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/learn/lessons/:lessonKey/open',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Open a lesson: starts it the first time, and answers with where to resume', params: lessonKeyParams, response: { 200: progressSchema } } },
      async (request) => openLesson(ctx, request.actor!, request.params.lessonKey),
    );

    app.get(
      '/learn/lessons/:lessonKey/progress',
      { config: { access: 'signed-in' }, schema: { tags, summary: "The caller's progress on a lesson (position, time, answers, completion)", params: lessonKeyParams, response: { 200: progressSchema } } },
      async (request) => getProgress(ctx, request.actor!, request.params.lessonKey),
    );

    app.put(
      '/learn/lessons/:lessonKey/position',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Save where the reader is (section anchor and scroll fraction)', params: lessonKeyParams, body: positionSchema, response: { 200: progressSchema } } },
      async (request) => savePosition(ctx, request.actor!, request.params.lessonKey, request.body),
    );

    app.post(
      '/learn/lessons/:lessonKey/heartbeat',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Add reading time: at most 60 s per tick and never more than has passed since the last tick; a repeated tickId counts once',
          params: lessonKeyParams,
          body: heartbeatBody,
          response: { 200: heartbeatSchema },
        },
      },
      async (request) => addTime(ctx, request.actor!, request.params.lessonKey, request.body.tickId, request.body.seconds),
    );

    app.post(
      '/learn/lessons/:lessonKey/complete',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Mark a lesson complete. Completing the same revision again answers 409 already_completed; a newer revision can be completed again without earning more hours',
          params: lessonKeyParams,
          response: { 200: progressSchema },
        },
      },
      async (request) => completeLesson(ctx, request.actor!, request.params.lessonKey),
    );

    app.get(
      '/learn/my/lessons',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: "The caller's started and completed lessons, most recently opened first", querystring: pageQuery.extend({ status: z.enum(['in_progress', 'completed']).optional() }), response: { 200: pageOf(myLessonSchema) } },
      },
      async (request) => myLessons(ctx, request.actor!, request.query.status, request.query.limit, request.query.offset),
    );

    app.get(
      '/learn/lessons/:lessonKey/notes',
      { config: { access: 'signed-in' }, schema: { tags, summary: "The caller's private notes on a lesson", params: lessonKeyParams, response: { 200: z.object({ items: z.array(noteSchema) }) } } },
      async (request) => lessonNotesOf(ctx, request.actor!, request.params.lessonKey),
    );

    app.post(
      '/learn/lessons/:lessonKey/notes',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Add a private note to a lesson (only its author ever sees it)', params: lessonKeyParams, body: noteBody, response: { 201: noteSchema } } },
      async (request, reply) => reply.status(201).send(await addNote(ctx, request.actor!, request.params.lessonKey, request.body)),
    );

    app.get(
      '/learn/notes',
      { config: { access: 'signed-in' }, schema: { tags, summary: "All the caller's notes, most recently changed first", querystring: pageQuery, response: { 200: pageOf(noteSchema) } } },
      async (request) => allMyNotes(ctx, request.actor!, request.query),
    );

    app.patch(
      '/learn/notes/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Change one of your notes', params: idParams('a note'), body: notePatch, response: { 200: noteSchema } } },
      async (request) => updateNote(ctx, request.actor!, request.params.id, request.body),
    );

    app.delete(
      '/learn/notes/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Delete one of your notes', params: idParams('a note')} },
      async (request, reply) => {
        await deleteNote(ctx, request.actor!, request.params.id);
        return reply.status(204).send();
      },
    );

    app.put(
      '/learn/lessons/:lessonKey/bookmark',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Bookmark a lesson (idempotent)', params: lessonKeyParams, response: { 200: z.object({ lessonKey: z.string(), bookmarked: z.literal(true) }) } } },
      async (request) => bookmark(ctx, request.actor!, request.params.lessonKey),
    );

    app.delete(
      '/learn/lessons/:lessonKey/bookmark',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Remove a bookmark (idempotent)', params: lessonKeyParams} },
      async (request, reply) => {
        await removeBookmark(ctx, request.actor!, request.params.lessonKey);
        return reply.status(204).send();
      },
    );

    app.get(
      '/learn/bookmarks',
      { config: { access: 'signed-in' }, schema: { tags, summary: "The caller's bookmarked lessons, newest first", querystring: pageQuery, response: { 200: pageOf(bookmarkSchema) } } },
      async (request) => myBookmarks(ctx, request.actor!, request.query),
    );

    app.get(
      '/learn/ce-hours',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: "Continuing-education hours (completed lessons' minutes / 60) with a per-year breakdown: your own, a direct report's, or (admins) anyone's",
          querystring: z.object({ personId: z.uuid('must be a person id (UUID)').optional() }).strict(),
          response: { 200: ceHoursSchema },
        },
      },
      async (request) => ceHoursFor(ctx, request.actor!, request.query.personId),
    );
  };
}
