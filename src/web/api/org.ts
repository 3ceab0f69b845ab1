import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { get } from './client';
import type { CareerLevelOption, OrgChartNode, Page, Person, PersonDetail, Team } from './types';

export interface PeopleFilter {
  q?: string;
  teamId?: string;
  managerId?: string;
  limit?: number;
  offset?: number;
}

export const peopleQuery = (filter: PeopleFilter) =>
  queryOptions({
    queryKey: ['people', filter],
    queryFn: ({ signal }) => get<Page<Person>>('/api/v1/people', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });

export const personQuery = (id: string) =>
  queryOptions({
    queryKey: ['person', id],
    queryFn: () => get<PersonDetail>(`/api/v1/people/${encodeURIComponent(id)}`),
  });

export const orgChartQuery = (teamId?: string) =>
  queryOptions({
    queryKey: ['org-chart', teamId ?? ''],
    queryFn: () => get<{ items: OrgChartNode[] }>('/api/v1/org-chart', { teamId }),
    placeholderData: keepPreviousData,
  });

/** All teams (the API caps a page at 200, enough for a team list). */
export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: () => get<Page<Team>>('/api/v1/teams', { limit: 200 }),
  staleTime: 30_000,
});

export const careerLevelsQuery = queryOptions({
  queryKey: ['career-levels'],
  queryFn: () => get<{ items: CareerLevelOption[] }>('/api/v1/career-levels'),
  staleTime: 5 * 60_000,
});
