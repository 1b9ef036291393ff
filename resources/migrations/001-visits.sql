create table if not exists visits (
  id bigserial primary key,
  path text not null,
  at timestamptz not null default now()
);
insert into visits (path) select '/seed/' || i from generate_series(1, 100) i
  where not exists (select 1 from visits);
